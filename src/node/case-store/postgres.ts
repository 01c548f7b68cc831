/**
 * The team's case store: PostgreSQL through node-postgres (pg), loaded only when a postgres:// store
 * is used. One connection per process; TLS and other options come from the connection string as pg
 * reads it (sslmode=require, …). The password in it is never shown: see postgresLocation.
 */
import { withoutWarning } from "../quiet-warning.js";
import { CaseStoreError, type Driver, type SqlValue } from "./store.js";
import { postgresLocation } from "./location.js";

/**
 * The errors of a TLS handshake whose certificate was refused (Node's codes, as OpenSSL names
 * them): a self-signed certificate, one from an unknown authority, for another host, or expired.
 */
const CERTIFICATE_CODES = /^(?:ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_|CERT_|HOSTNAME_MISMATCH$)/;

export { postgresLocation } from "./location.js";

/** PostgreSQL's error classes, and the system errors of a connection, as our codes and words. */
function explainError(location: string) {
  return (error: unknown, what: string): CaseStoreError => {
    if (error instanceof CaseStoreError) return error;
    const e = error as { code?: string; message?: string; errno?: number };
    const code = e?.code ?? "";
    const said = (reason: string, ours: string) => new CaseStoreError(`${what}: ${reason}`, location, ours, { cause: error });
    switch (code) {
      case "ECONNREFUSED":
        return said("the server refused the connection (is PostgreSQL running there?)", "ECONNREFUSED");
      case "ENOTFOUND":
      case "EAI_AGAIN":
        return said("no server of that name was found", "ENOTFOUND");
      case "ETIMEDOUT":
        return said("the server did not answer in time", "ETIMEDOUT");
      case "ECONNRESET":
      case "57P01":
      case "57P02":
      case "57P03":
        return said("the server closed the connection", "ECONNRESET");
      case "28P01":
      case "28000":
        return said("the server refused the login (check the user and password)", "EACCES");
      case "42501":
        return said(`permission denied (${firstLine(e.message)})`, "EACCES");
      case "3D000":
        return said(`no such database (${firstLine(e.message)})`, "ENOENT");
      case "53100":
        return said("the server's disk is full", "ENOSPC");
      case "25006":
        return said("the server only allows reading", "EROFS");
    }
    // pg's words when sslmode asks for TLS and the server offers none.
    if (/does not support SSL/i.test(String(e?.message))) return said("the server does not offer TLS, which the address asks for (sslmode)", "ETLS");
    if (CERTIFICATE_CODES.test(code)) return said(`the server's TLS certificate was not accepted (${firstLine(e.message)})`, "ETLS");
    if (/timeout/i.test(String(e?.message))) return said("the server did not answer in time", "ETIMEDOUT");
    return said(firstLine(e?.message) || "the server reported an error", code ? `PG${code}` : "EUNKNOWN");
  };
}

const firstLine = (text: string | undefined) => String(text ?? "").split("\n")[0]?.trim() ?? "";

/** `?` placeholders as PostgreSQL's $1, $2, … (the SQL here has no ? inside quotes). */
function numbered(sql: string): string {
  let n = 0;
  return sql
    .replace(/\?/g, () => `$${++n}`)
    .replace(/TEXT_C/g, 'TEXT COLLATE "C"')
    .replace(/\bSEQ\b/g, "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
}

export async function openPostgres(url: string): Promise<Driver & { migrationLock(): Promise<void> }> {
  const location = postgresLocation(url);
  const explain = explainError(location);
  const { default: pg } = await import("pg");
  // Counts come back as numbers, not strings: they stay far below 2^53.
  const types = { getTypeParser: (oid: number, format?: "text" | "binary") => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as "text")) };
  // pg warns, over several lines, that it treats sslmode=require (and prefer, verify-ca) as
  // verify-full, checking the server's certificate: the stricter reading is kept, and said in the
  // README, rather than shown to an operator at every start.
  const client = withoutWarning(
    (_, text) => /^SECURITY WARNING: The SSL modes/.test(text),
    () => new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, query_timeout: 60_000, types } as ConstructorParameters<typeof pg.Client>[0]),
  );
  // A connection that drops later is reported by the query that needed it, not as an uncaught error.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw explain(error, "could not connect");
  }
  let depth = 0;
  const run = async (sql: string, params: readonly SqlValue[] = []) => client.query(numbered(sql), params as SqlValue[]);
  return {
    dialect: "postgres",
    all: async (sql, params) => (await run(sql, params)).rows as Record<string, unknown>[],
    run: async (sql, params) => (await run(sql, params)).rowCount ?? 0,
    async transaction(work) {
      if (depth > 0) return work();
      await client.query("BEGIN");
      depth++;
      try {
        const result = await work();
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        depth--;
      }
    },
    /** Held until the transaction ends: two processes creating the schema at once take turns. */
    async migrationLock() {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('scamcheck case store schema'))");
    },
    async close() {
      await client.end().catch(() => {});
    },
    explain,
  };
}
