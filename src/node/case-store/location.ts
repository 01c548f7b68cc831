/**
 * Where a case store is, as it may be shown on screen or kept in a file: a path as given, a
 * PostgreSQL connection string without its passwords. It imports nothing, so the program can check
 * the names it is given at start-up without loading a store.
 */

export const isPostgresUrl = (location: string) => /^postgres(?:ql)?:\/\//i.test(location);

/**
 * The connection string without its passwords: the one after the user name, and any option whose
 * name holds "password" (pg reads `?password=` and the key's `?sslpassword=` too).
 */
export function postgresLocation(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "";
    for (const key of [...parsed.searchParams.keys()]) if (/password/i.test(key)) parsed.searchParams.delete(key);
    return parsed.toString().replace(/^(\w+:\/\/[^:@/]*):@/, "$1@");
  } catch {
    return "postgres://(an address that cannot be read)";
  }
}

/** The store as it may be shown or kept. */
export const shownStore = (location: string): string => (isPostgresUrl(location) ? postgresLocation(location) : location);
