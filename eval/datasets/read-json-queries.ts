// Reads the hand-judged query files (topical-queries.json, paraphrase-queries.json): external
// data is unknown until checked, and a malformed entry fails loudly with its position.
import { readFileSync } from "node:fs";

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The file's `queries` array, each entry checked to be an object. */
export function readQueryEntries(file: string): JsonObject[] {
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!isJsonObject(parsed) || !Array.isArray(parsed.queries)) {
    throw new Error(`${file}: expected an object with a "queries" array`);
  }
  return parsed.queries.map((entry: unknown, index) => {
    if (!isJsonObject(entry)) throw new Error(`${file}: queries[${index}] is not an object`);
    return entry;
  });
}

export function readString(entry: JsonObject, field: string, where: string): string {
  const value = entry[field];
  if (typeof value !== "string" || value.trim() === "")
    throw new Error(`${where}: "${field}" must be a non-empty string`);
  return value;
}
