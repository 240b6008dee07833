export type Cell = string | number;

/** Rows as columns: the first row is the header, underlined; the first column aligns left, the rest right. */
export function formatTable(rows: readonly (readonly Cell[])[], indent = "  "): string {
  const text = rows.map((row) => row.map(String));
  const widths = text[0]!.map((_, col) => Math.max(...text.map((row) => (row[col] ?? "").length)));
  const line = (row: readonly string[]) =>
    indent + row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join("  ");
  const [header, ...body] = text;
  return [line(header!), indent + widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

export function formatInteger(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString("en") : "n/a";
}

export function formatFixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

export function formatMiB(bytes: number | null): string {
  return bytes === null ? "n/a" : `${Math.round(bytes / 2 ** 20).toLocaleString("en")} MiB`;
}
