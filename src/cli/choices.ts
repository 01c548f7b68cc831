/**
 * The fixed sets of values that options and arguments take, given to commander's .choices() in
 * program.ts (which checks them and lists them in the help) and read by the commands that use them.
 * Kept apart from the commands so the program can name them without loading each command's code.
 */

/** What `cases export --format` writes. */
export const EXPORT_FORMATS = ["json", "jsonl", "csv", "zendesk", "servicenow", "misp"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The shells `scamcheck completion` writes a script for. */
export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];
