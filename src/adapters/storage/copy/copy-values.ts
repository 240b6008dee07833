/**
 * Converts one SQLite value to what the PostgreSQL column of `targetType` (its
 * information_schema data_type) accepts. SQLite keeps instants and days as ISO 8601 text,
 * booleans as 0/1, lists as JSON text (categories: space-separated), secrets as hex.
 */
export function toTargetValue(value: unknown, targetType: string, column: string): unknown {
  if (value === null || value === undefined) return null;
  switch (targetType) {
    case "text":
    case "integer":
    case "bigint":
    case "date":
    case "timestamp with time zone":
      return value;
    case "json":
    case "jsonb":
      // Passed as text and parsed by the server: json keeps the key order as written.
      return typeof value === "string" ? value : JSON.stringify(value);
    case "boolean":
      return value === 1 || value === true || value === "1";
    case "ARRAY":
      return toTextArray(value, column);
    case "bytea":
      return Buffer.isBuffer(value) ? value : Buffer.from(String(value), "hex");
    default:
      throw new Error(`column ${column}: no conversion to PostgreSQL type ${targetType}`);
  }
}

/** A JSON array of strings, or (papers.categories) space-separated words. */
function toTextArray(value: unknown, column: string): string[] {
  const text = String(value).trim();
  if (!text.startsWith("[")) return text === "" ? [] : text.split(/\s+/);
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === "string"))
    throw new Error(`column ${column}: expected a JSON array of strings, got ${text.slice(0, 80)}`);
  return parsed;
}
