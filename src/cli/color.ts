/**
 * Decide whether to colour output. chalk on its own ignores NO_COLOR, so the level is worked out
 * here, in the order clig.dev recommends: flags, then FORCE_COLOR, then NO_COLOR and TERM=dumb,
 * then whether the stream is a terminal and how many colours it has.
 */
import type { WriteStream } from "node:tty";

export type ColorLevel = 0 | 1 | 2 | 3;

export function colorLevel(
  stream: NodeJS.WriteStream | WriteStream,
  env: NodeJS.ProcessEnv,
  flags: { color?: boolean; plain?: boolean },
): ColorLevel {
  if (flags.plain || flags.color === false) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") {
    if (force === "0" || force === "false") return 0;
    const n = Number(force);
    return (Number.isInteger(n) && n >= 1 && n <= 3 ? n : 1) as ColorLevel;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0;
  if (env.TERM === "dumb") return 0;
  if (!stream.isTTY) return 0;
  // Node's getColorDepth treats any NO_COLOR as set, even an empty one; no-color.org says only a
  // non-empty value turns colour off, so an empty one is not passed on.
  const depthEnv = env.NO_COLOR === "" ? { ...env, NO_COLOR: undefined } : env;
  const depth = typeof (stream as WriteStream).getColorDepth === "function" ? (stream as WriteStream).getColorDepth(depthEnv) : 4;
  return depth >= 24 ? 3 : depth >= 8 ? 2 : depth >= 4 ? 1 : 0;
}
