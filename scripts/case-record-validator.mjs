// The validator of stored case records, as code: ajv's standalone output for the published
// case-record schema (schemas/case-record.schema.json, itself written from the zod definition in
// src/core/output-schema.ts), with unknown top-level fields allowed so that a record written by a
// newer scamcheck still reads. Reading a case history checks every record it returns; compiled
// once here, the check costs next to nothing at run time, where building and running the zod
// schema cost a `cases search` more than the search itself. `npm run schema` writes it to
// src/core/case-record-validator.generated.js; a test checks that the committed file is current.
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";

export const VALIDATOR_FILE = "src/core/case-record-validator.generated.js";

/** The module's text for the published case-record JSON Schema. */
export function caseRecordValidatorSource(publishedSchema) {
  const { additionalProperties, ...reading } = publishedSchema;
  // Lengths in UTF-16 units, as zod counts them, so the code needs no helper from ajv at run time
  // (ajv calls the option deprecated and still honours it); formats are checked by the patterns zod
  // writes beside them.
  const warn = (message) => String(message).startsWith("DEPRECATED: option unicode") || console.warn(message);
  const logger = { log: console.log, warn, error: console.error };
  const ajv = new Ajv2020({ code: { source: true, esm: true, lines: false }, strict: true, unicode: false, validateFormats: false, logger });
  const code = standaloneCode(ajv, ajv.compile(reading));
  if (/\brequire\(/.test(code)) throw new Error("the case-record validator needs ajv at run time; keep its schema to keywords that compile to plain code");
  return `// Written by 'npm run schema' (scripts/case-record-validator.mjs) from schemas/case-record.schema.json: do not edit.\n// @ts-nocheck\n${code}\n`;
}
