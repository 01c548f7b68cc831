/**
 * The published JSON Schemas (schemas/ in the package) in ajv's strict mode, as a script's
 * validator would load them, for tests that check documents and real output against them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { expect } from "vitest";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";

const folder = join(PACKAGE_ROOT, "schemas");
export const publishedSchemas: Record<string, { $id: string } & Record<string, unknown>> = Object.fromEntries(
  readdirSync(folder).map((f) => [f.replace(/\.schema\.json$/, ""), JSON.parse(readFileSync(join(folder, f), "utf8"))]),
);

/** A strict ajv that knows the formats zod writes (ajv knows none without ajv-formats). */
export function strictAjv(): Ajv2020 {
  return new Ajv2020({ strict: true, allErrors: true })
    .addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/)
    .addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
}

const ajv = strictAjv();
for (const schema of Object.values(publishedSchemas)) ajv.addSchema(schema);

/** The validator of the published schema NAME (schemas/NAME.schema.json). */
export function validatorOf(name: string): ValidateFunction {
  const validate = ajv.getSchema(`https://unpkg.com/scamcheck/schemas/${name}.schema.json`);
  expect(validate, `no schema named ${name}`).toBeDefined();
  return validate as ValidateFunction;
}

export function expectValid(name: string, value: unknown, what = JSON.stringify(value).slice(0, 200)): void {
  const validate = validatorOf(name);
  const ok = validate(value);
  expect(ok ? [] : validate.errors, `${name}: ${what}`).toEqual([]);
}
