/**
 * Saving cases so that none is ever lost. A case that cannot be saved (a full disk, a folder that
 * cannot be written, PostgreSQL down or refusing) is kept in the unsaved-cases file in the private
 * state folder, an SQLite file of its own, and added to its store the next time a case is saved
 * there. Should even that fail, the caller is told so and prints the record for a person to keep.
 * Nothing here installs signal handlers or exits: that is the CLI's to decide.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { CaseInput } from "../../core/answers.js";
import { buildCaseRecord, historyFacts, newCaseId, type CaseRecord, type NumberHistory } from "../../core/case-record.js";
import { numberKey, type CallerNumber } from "../../core/caller-number.js";
import type { FactValue } from "../../core/conditions.js";
import type { RuleSet } from "../../core/ruleset.js";
import type { TriageResult } from "../../core/triage.js";
import { VERSION } from "../../version.js";
import { openSqlite } from "./sqlite.js";
import { CaseStoreError, type CaseStore, type Driver, type NewCase } from "./store.js";
import { isPostgresUrl, openCaseStore, storeLocation, type OpenOptions } from "./index.js";

/** Cases that could not be saved, each with the store it belongs in, in the state folder. */
export const unsavedCasesPath = (stateDir: string) => join(stateDir, "unsaved-cases.sqlite");

export interface SaveResult {
  record: CaseRecord;
  /** The case is in the store. */
  saved: boolean;
  /** Why it is not. */
  error?: CaseStoreError;
  /** Where it was kept instead (the unsaved-cases file). */
  keptIn?: string;
  /** Why it could not be kept there either; the record must then be printed. */
  keepError?: string;
  /** Cases kept from earlier runs that were added to the store now. */
  addedEarlier: string[];
  /** A case with this explicit id was already in the store (a script run twice), so it was not added again. */
  duplicate?: boolean;
  /** Cases kept from earlier runs for other stores, still waiting. */
  waitingElsewhere?: { count: number; file: string };
}

/** Which store a kept case belongs to: a file by its full path, PostgreSQL by its address without the password. */
async function storeKey(location: string): Promise<string> {
  return isPostgresUrl(location) ? storeLocation(location) : resolve(location);
}

async function openUnsaved(stateDir: string): Promise<Driver> {
  const db = await openSqlite(unsavedCasesPath(stateDir));
  await db.run("CREATE TABLE IF NOT EXISTS unsaved (seq INTEGER PRIMARY KEY, store TEXT NOT NULL, explicit_id INTEGER NOT NULL, record TEXT NOT NULL)");
  return db;
}

/** Keep a case that could not be saved, for the next time a case is saved to that store. */
async function keepUnsaved(stateDir: string, key: string, item: NewCase): Promise<string> {
  const db = await openUnsaved(stateDir);
  try {
    await db.run("INSERT INTO unsaved (store, explicit_id, record) VALUES (?, ?, ?)", [key, item.explicitId ? 1 : 0, JSON.stringify(item.record)]);
  } catch (error) {
    throw db.explain(error, "could not keep the case");
  } finally {
    await db.close();
  }
  return unsavedCasesPath(stateDir);
}

/**
 * Add the cases kept earlier for this store, then forget them, in one transaction of the
 * unsaved-cases file (the store skips any it has already: a run stopped between the two). Returns
 * their ids, and how many cases for other stores are still waiting.
 */
export async function addUnsaved(stateDir: string, store: CaseStore, key: string): Promise<{ added: string[]; waiting: number }> {
  if (!existsSync(unsavedCasesPath(stateDir))) return { added: [], waiting: 0 };
  const { parseCaseRecord } = await import("../../core/case-record-schema.js");
  const db = await openUnsaved(stateDir);
  try {
    return await db.transaction(async () => {
      const rows = await db.all("SELECT seq, explicit_id, record FROM unsaved WHERE store = ? ORDER BY seq", [key]);
      const cases: NewCase[] = [];
      const taken: number[] = [];
      for (const row of rows) {
        const checked = parseCaseRecord(String(row.record));
        // One that cannot be read is left where it is, for a person to look at.
        if (!("record" in checked)) continue;
        cases.push({ record: checked.record, explicitId: true });
        taken.push(Number(row.seq));
      }
      // Kept cases carry their id from the first attempt, so adding one twice is one case.
      const results = cases.length ? await store.add(cases) : [];
      for (const seq of taken) await db.run("DELETE FROM unsaved WHERE seq = ?", [seq]);
      const [others] = await db.all("SELECT COUNT(*) AS n FROM unsaved"); // for other stores, or unreadable
      return { added: results.filter((r) => !r.duplicate).map((r) => r.record.id), waiting: Number(others?.n ?? 0) };
    });
  } finally {
    await db.close();
  }
}

/**
 * Save a case to the store (opened already, or why it could not be); if that fails, keep it in the
 * unsaved-cases file. After a case is saved, cases kept earlier for the same store are added too.
 * Never throws for a store or file problem.
 */
export async function saveCase(
  target: { store?: CaseStore; openError?: CaseStoreError; location: string },
  stateDir: string,
  item: NewCase,
): Promise<SaveResult> {
  const key = await storeKey(target.location);
  let failure = target.openError;
  if (target.store) {
    try {
      const [result] = await target.store.add([item]);
      const record = result?.record ?? item.record;
      if (result?.duplicate) return { record, saved: true, duplicate: true, addedEarlier: [] };
      const earlier = await addUnsaved(stateDir, target.store, key).catch(() => undefined);
      return {
        record,
        saved: true,
        addedEarlier: earlier?.added ?? [],
        ...(earlier?.waiting && { waitingElsewhere: { count: earlier.waiting, file: unsavedCasesPath(stateDir) } }),
      };
    } catch (error) {
      failure = error instanceof CaseStoreError ? error : new CaseStoreError(`could not write to it: ${String(error)}`, target.location, "EUNKNOWN", { cause: error });
    }
  }
  // Kept with an explicit id from now on: when it is added later, adding it twice is one case.
  const kept = await keepUnsaved(stateDir, key, item).then(
    (keptIn) => ({ keptIn }),
    (keepError: unknown) => ({ keepError: keepError instanceof CaseStoreError ? keepError.reason : String(keepError) }),
  );
  return { record: item.record, saved: false, ...(failure && { error: failure }), ...kept, addedEarlier: [] };
}

/** Case ids a user may give (a ticket system's): letters, digits, dot, dash and underscore. */
const GIVEN_ID = /^[\w.-]{1,64}$/;

/**
 * The case history as `check --record` and operator mode use it: what the store says about a
 * number, as facts for the engine, and saving each scored case.
 */
export class CaseRecorder {
  private constructor(
    private readonly target: { store?: CaseStore; openError?: CaseStoreError; location: string },
    private readonly stateDir: string,
  ) {}

  /** The store as it may be shown. */
  get location(): string {
    return this.target.store?.location ?? this.target.openError?.location ?? this.target.location;
  }

  /** Why the store could not be opened, if it could not: cases are then scored without its history, and kept. */
  get openError(): CaseStoreError | undefined {
    return this.target.openError;
  }

  static async open(location: string, stateDir: string, options: OpenOptions = {}): Promise<CaseRecorder> {
    try {
      return new CaseRecorder({ store: await openCaseStore(location, options), location }, stateDir);
    } catch (error) {
      // As in the interactive triage: the verdict does not wait on the history.
      const openError = error instanceof CaseStoreError ? error : new CaseStoreError(`could not open it: ${String(error)}`, location, "EUNKNOWN", { cause: error });
      return new CaseRecorder({ openError, location }, stateDir);
    }
  }

  async caller(input: CaseInput, region: string | undefined): Promise<CallerNumber | undefined> {
    if (input.details?.number === undefined) return undefined;
    // Loaded here only: the phone-number metadata is the largest part of the package.
    const { normaliseCallerNumber } = await import("../../core/phone.js");
    return normaliseCallerNumber(input.details.number, region);
  }

  /** What the history says about the case's number, as facts for the engine. */
  async facts(input: CaseInput, region: string | undefined): Promise<Map<string, FactValue>> {
    const key = numberKey(await this.caller(input, region));
    if (!key || !this.target.store) return historyFacts(undefined);
    try {
      return historyFacts(await this.target.store.numberHistory(key, input.id));
    } catch {
      // A store that cannot be read now is reported when the case is saved; score without it.
      return historyFacts(undefined);
    }
  }

  /** Build the case record and save it (see saveCase: a case that cannot be saved is kept, not lost). */
  async record(rules: RuleSet, result: TriageResult, input: CaseInput, region: string | undefined, operator: string | undefined): Promise<SaveResult> {
    const caller = await this.caller(input, region);
    const d = input.details ?? {};
    const given = input.id !== undefined && GIVEN_ID.test(input.id) ? input.id : undefined;
    const record = buildCaseRecord(
      rules,
      result,
      input.answers,
      {
        ...(caller && { caller }),
        ...(d.organisation !== undefined && { organisation: d.organisation }),
        ...(d.callTime !== undefined && { callTime: d.callTime }),
        ...(d.ticket !== undefined && { ticket: d.ticket }),
        ...((d.operator ?? operator) !== undefined && { operator: d.operator ?? operator }),
      },
      { id: given ?? newCaseId(new Date()), now: new Date(), toolVersion: VERSION },
    );
    return this.save(record, given !== undefined);
  }

  /** Save a record built elsewhere (operator mode builds its own, for the case notes). */
  save(record: CaseRecord, explicitId = false): Promise<SaveResult> {
    return saveCase(this.target, this.stateDir, { record, explicitId });
  }

  /** The number's history; undefined when the store could not be opened. Throws CaseStoreError when it cannot be read. */
  async history(key: string): Promise<NumberHistory | undefined> {
    return this.target.store?.numberHistory(key);
  }

  async close(): Promise<void> {
    await this.target.store?.close();
  }
}
