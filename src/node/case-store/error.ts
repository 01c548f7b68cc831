/**
 * The one error the case store throws: what went wrong, the store (as it may be shown) and a code
 * the CLI turns into advice. Its own module, free of imports, so the CLI's error handler can know it
 * without loading the store.
 */
export class CaseStoreError extends Error {
  override readonly name = "CaseStoreError";
  constructor(
    /** What went wrong, without the store's name: "could not write to it: the disk is full". */
    readonly reason: string,
    /** The store as it may be shown: a file path, or a PostgreSQL address without its password. */
    readonly location: string,
    /** ENOSPC, EACCES, EROFS, ENOTDIR, ENOENT, ENOTREG, ENOTDB, ELOCKED, ECONNREFUSED, … */
    readonly code: string = "EUNKNOWN",
    options?: { cause?: unknown },
  ) {
    super(`${location}: ${reason}`, options);
  }
}
