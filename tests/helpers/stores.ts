/**
 * Case stores for tests: a fresh SQLite file, or a fresh schema in the PostgreSQL server the
 * machines run (SCAMCHECK_TEST_POSTGRES, else postgres://root@127.0.0.1:5432/test), dropped when
 * the test file ends. Under CI=true a missing server fails the tests; elsewhere they skip, saying why.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import pg from "pg";
import { openCaseStore, type CaseStore } from "../../src/node/case-store/index.js";
import type { CaseRecord } from "../../src/core/case-record.js";

export const POSTGRES_BASE = process.env.SCAMCHECK_TEST_POSTGRES ?? "postgres://root@127.0.0.1:5432/test";

async function probe(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_BASE, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    return `no PostgreSQL at ${POSTGRES_BASE} (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

const unavailable = await probe();
if (unavailable && process.env.CI) throw new Error(`the PostgreSQL tests must run under CI, but there is ${unavailable}`);
if (unavailable) console.warn(`skipping the PostgreSQL store tests: ${unavailable}`);
/** Why the PostgreSQL tests skip here, if they do. */
export const postgresMissing = unavailable;

/** Run SQL on the test server directly (setting up privileges, breaking things on purpose). */
export async function postgresAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_BASE });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const schemas: string[] = [];
afterAll(async () => {
  if (schemas.length) await postgresAdmin(schemas.map((s) => `DROP SCHEMA IF EXISTS ${s} CASCADE;`).join("\n")).catch(() => {});
});

/** A connection string for `schema` on the test server, as a user gives one (`user` and `password` to log in as another role). */
export function postgresUrl(schema: string, login?: { user: string; password?: string }): string {
  const url = new URL(POSTGRES_BASE);
  if (login) {
    url.username = login.user;
    url.password = login.password ?? "";
  }
  url.searchParams.set("options", `-c search_path=${schema}`);
  return url.toString();
}

/** A new, empty schema on the test server, dropped after the test file. */
export async function newPostgresSchema(): Promise<string> {
  const schema = `scamcheck_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await postgresAdmin(`CREATE SCHEMA ${schema}`);
  schemas.push(schema);
  return schema;
}

export type StoreKind = "sqlite" | "postgres";
export const STORE_KINDS: StoreKind[] = ["sqlite", "postgres"];
/** Whether tests of this kind of store skip here. */
export const skipsHere = (kind: StoreKind) => kind === "postgres" && unavailable !== undefined;

/** A fresh, empty store's location: an SQLite file in a new folder, or a new PostgreSQL schema. */
export async function freshStore(kind: StoreKind): Promise<string> {
  if (kind === "sqlite") return join(mkdtempSync(join(tmpdir(), "scamcheck-store-")), "cases.sqlite");
  return postgresUrl(await newPostgresSchema());
}

/** Every case in a store, oldest first. */
export async function casesIn(location: string): Promise<CaseRecord[]> {
  const store: CaseStore = await openCaseStore(location);
  try {
    return await store.list();
  } finally {
    await store.close();
  }
}

/** A case record as the test writes it. */
export const sampleRecord = (id: string, over: Partial<CaseRecord> = {}): CaseRecord => ({
  schemaVersion: 1,
  id,
  recordedAt: "2026-11-20T10:00:00.000Z",
  verdict: "scam",
  score: 100,
  family: "tech-support",
  reasons: ["asked-remote-access"],
  actions: ["hang-up"],
  answers: { "contact-start": "they-called" },
  redactions: [],
  tool: "test",
  packs: [{ id: "core", version: "1" }],
  ...over,
});
