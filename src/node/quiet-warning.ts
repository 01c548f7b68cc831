/**
 * Node prints a process warning on stderr as several lines ("(node:123) ExperimentalWarning: …")
 * that the person at the terminal can do nothing about. A library that warns while it loads or
 * reads its settings is run here with that one warning held back; every other warning still shows.
 * `work` must be synchronous, so nothing else runs while the warning is held back.
 */
export function withoutWarning<T>(unwanted: (type: string, text: string) => boolean, work: () => T): T {
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const text = typeof warning === "string" ? warning : warning.message;
    const type = typeof rest[0] === "string" ? rest[0] : ((rest[0] as { type?: string } | undefined)?.type ?? (typeof warning === "string" ? "Warning" : warning.name));
    if (unwanted(type, text)) return;
    return (emitWarning as (...a: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return work();
  } finally {
    process.emitWarning = emitWarning;
  }
}
