/**
 * JSON Schemas from zod schemas, in a form strict validators accept. zod writes a union of plain
 * types as `"type": ["string", "number"]`, which ajv's strict mode refuses unless told to allow union
 * types; `anyOf` says the same and every validator takes it as it is.
 */
import { z } from "zod";

type Json = unknown;

function strictTypes(node: Json): Json {
  if (Array.isArray(node)) return node.map(strictTypes);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) out[key] = strictTypes(value);
  const { type, ...rest } = out;
  if (Array.isArray(type) && type.length > 1 && rest.anyOf === undefined) return { ...rest, anyOf: type.map((t) => ({ type: t })) };
  return out;
}

export function toStrictJsonSchema(schema: z.ZodType, options: Parameters<typeof z.toJSONSchema>[1] = {}): Record<string, unknown> {
  return strictTypes(z.toJSONSchema(schema, options)) as Record<string, unknown>;
}
