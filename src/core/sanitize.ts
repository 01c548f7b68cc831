/**
 * Make untrusted text (rule text from shared packs, answers, notes) safe to print on a terminal.
 * Escape sequences are removed; other control characters and invisible bidirectional or zero-width
 * characters are shown visibly (caret notation, <U+202E>) so the reader sees something was there
 * and the terminal never interprets it. JSON output keeps the raw text: JSON escaping suffices there.
 */

// CSI, OSC (ended by BEL or ST), and other two-character escapes.
const ESCAPE_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

export function sanitizeForTerminal(text: string): string {
  return text
    .replace(ESCAPE_SEQUENCE, "")
    .replace(/\r\n/g, "\n")
    .replace(CONTROL, (c) => {
      const code = c.charCodeAt(0);
      return code < 0x20 ? `^${String.fromCharCode(code + 64)}` : code === 0x7f ? "^?" : `<U+${code.toString(16).toUpperCase().padStart(4, "0")}>`;
    })
    .replace(INVISIBLE, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}>`);
}

/** What JSON may carry but a terminal would act on or hide text with: C1 controls, bidirectional and zero-width characters. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/**
 * JSON safe to show on a terminal and to paste: those characters are written as \u escapes, which
 * JSON reads back as the same characters, so a script sees exactly what was stored while a person
 * looking at the output is not fooled or driven by it. (JSON.stringify escapes C0 controls itself.)
 */
export function terminalSafeJson(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, null, indent);
  UNSAFE_IN_JSON.lastIndex = 0;
  return UNSAFE_IN_JSON.test(text) ? text.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : text;
}
