/** The command line itself is wrong (a bad option value, a missing argument): the CLI's own error, exit 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
