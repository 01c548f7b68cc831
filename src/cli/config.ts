/**
 * Settings a help desk sets once: operator mode, the operator's name, the region and a shared case
 * log. Read from config.json in the config folder (see node/paths.ts); environment variables
 * override it, and command-line flags override both.
 *
 *   { "staff": true, "operator": "Sam", "region": "gb", "caseStore": "postgres://helpdesk@db.example/scamcheck" }
 *
 * A person at home may name someone they trust, whom the first step of a scam verdict names:
 *
 *   { "trustedContact": { "name": "Sam", "phone": "07700 900123" } }
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { JsonSyntaxError, parseJson } from "../core/json-text.js";
import { describeRedactions, secretsIn } from "../core/redact.js";
import { shownStore } from "../node/case-store/location.js";
import { appPaths, DEFAULT_STORE_FILE } from "../node/paths.js";
import { describeFsError, requireRegularFile, tooLarge } from "../node/read-input.js";

/** A config file is a few lines; anything near this is a mistake, not settings. */
export const MAX_CONFIG_BYTES = 64 * 1024;

export interface TrustedContact {
  name: string;
  phone: string;
}

export interface Config {
  staff?: boolean;
  operator?: string;
  region?: string;
  caseStore?: string;
  trustedContact?: TrustedContact;
}

const KEYS: Record<keyof Config, "boolean" | "string" | "contact"> = { staff: "boolean", operator: "string", region: "string", caseStore: "string", trustedContact: "contact" };
const isContact = (v: unknown): v is TrustedContact =>
  !!v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).every((k) => k === "name" || k === "phone") && typeof (v as TrustedContact).name === "string" && typeof (v as TrustedContact).phone === "string";

export function configPath(env: NodeJS.ProcessEnv, platform: string): string {
  return env.SCAMCHECK_CONFIG || join(appPaths(env, platform).config, "config.json");
}

export function loadConfig(env: NodeJS.ProcessEnv, platform: string): Config {
  const path = configPath(env, platform);
  let text: string;
  try {
    // Checked before reading: /dev/zero would otherwise be read to gigabytes, and a FIFO would hang.
    const info = statSync(path);
    requireRegularFile(info, path);
    if (info.size > MAX_CONFIG_BYTES) throw new InputError(tooLarge(info.size, MAX_CONFIG_BYTES, " for a config file"), path);
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (error instanceof InputError) throw error;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new InputError(`could not read the config file: ${describeFsError(error)}`, path);
  }
  let doc: unknown;
  try {
    doc = parseJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new InputError(`invalid JSON: ${error.message}`, `${path}:${error.line}:${error.column}`);
    throw error;
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new InputError("the config file must hold a JSON object", path);
  const config: Config = {};
  for (const [key, value] of Object.entries(doc)) {
    // Object.hasOwn, not KEYS[key]: "constructor" or "toString" would find Object's own members.
    const type = Object.hasOwn(KEYS, key) ? KEYS[key as keyof Config] : undefined;
    if (key === "caseLog")
      throw new InputError("'caseLog' is now 'caseStore' (an SQLite file or a postgres:// address); move the old log's cases over with 'scamcheck cases import FILE'", `${path}: $.${key}`);
    if (!type) throw new InputError(`unknown setting '${key}'; known: ${Object.keys(KEYS).join(", ")}`, `${path}: $.${key}`);
    if (type === "contact" ? !isContact(value) : typeof value !== type)
      throw new InputError(type === "contact" ? 'must be { "name": "…", "phone": "…" }' : `must be a ${type}`, `${path}: $.${key}`);
    (config as Record<string, unknown>)[key] = value;
  }
  // The case store's name is shown and kept (in drafts, in "Recorded as case … in …"), like a name
  // given on the command line.
  if (config.caseStore !== undefined) refuseSecretName(config.caseStore, (problem) => new InputError(problem, `${path}: $.caseStore`));
  return config;
}

/**
 * Throw what `error` makes of the problem when a name holds a secret. A database password belongs
 * in a connection string and is never shown or stored (see the case store), so only the rest of
 * the address is checked.
 */
export function refuseSecretName(name: string, error: (problem: string) => Error): void {
  const found = secretsIn(shownStore(name));
  if (found.length > 0) throw error(`looks like it holds ${describeRedactions(found)}; it would be shown and stored, so use a name that holds no secret`);
}

const truthy = (v: string | undefined) => v !== undefined && /^(1|true|yes|on)$/i.test(v);

/** Operator mode: --staff, else SCAMCHECK_STAFF, else the config file. */
export function staffMode(flag: boolean | undefined, env: NodeJS.ProcessEnv, config: Config): boolean {
  if (flag !== undefined) return flag;
  if (env.SCAMCHECK_STAFF !== undefined) return truthy(env.SCAMCHECK_STAFF);
  return config.staff === true;
}

/**
 * The case store, an SQLite file or a postgres:// address: --case-store, else SCAMCHECK_CASE_STORE,
 * else the config file, else cases.sqlite in the data folder. `isDefault` says the last: only there
 * is an earlier version's cases.jsonl moved over by itself.
 */
export function caseStoreLocation(flag: string | undefined, env: NodeJS.ProcessEnv, platform: string, config: Config): { location: string; isDefault: boolean } {
  const chosen = flag || env.SCAMCHECK_CASE_STORE || config.caseStore;
  return chosen ? { location: chosen, isDefault: false } : { location: join(appPaths(env, platform).data, DEFAULT_STORE_FILE), isDefault: true };
}

/** Add the trusted contact to the config file, keeping every other setting; private, as it names a person. */
export async function saveTrustedContact(env: NodeJS.ProcessEnv, platform: string, contact: TrustedContact): Promise<string> {
  const path = configPath(env, platform);
  const { writePrivateFile } = await import("../node/private-file.js");
  await writePrivateFile(path, `${JSON.stringify({ ...loadConfig(env, platform), trustedContact: contact }, null, 2)}\n`);
  return path;
}
