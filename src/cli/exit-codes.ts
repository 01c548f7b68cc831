/** The exit codes scamcheck promises (documented in the README). */
export const EXIT = {
  /** Ran to the end, whatever the verdict. */
  ok: 0,
  /** The verdict is at or above the band given with --fail-on. */
  failOn: 1,
  /** Usage error, bad rule pack, bad answers, unreadable input or call notes with nothing in them. */
  usage: 2,
  /** A bug in scamcheck itself. */
  internal: 70,
  /** Interrupted (Ctrl-C, SIGINT). */
  interrupted: 130,
  /** Terminated (SIGTERM): 128 + 15, as shells report it. */
  terminated: 143,
} as const;
