// Plain-text tables for the terminal: one per dataset, one row per system.
import { METRIC_LABELS, type SystemScores } from "./evaluate-dataset.js";

const HEADER = ["system", ...METRIC_LABELS, "judged"];

export function formatScoresTable(rows: readonly SystemScores[]): string {
  const cells = rows.map((row) => [
    row.system,
    ...METRIC_LABELS.map((label) => row.scores[label].toFixed(4)),
    String(row.judgedQueries),
  ]);
  const widths = HEADER.map((title, column) =>
    Math.max(title.length, ...cells.map((cell) => cell[column]?.length ?? 0)),
  );
  const formatRow = (row: readonly string[]): string =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join("  ");
  return [formatRow(HEADER), widths.map((width) => "-".repeat(width)).join("  "), ...cells.map(formatRow)].join("\n");
}

export interface DatasetReport {
  readonly dataset: string;
  readonly description: string;
  readonly queries: number;
  readonly runDepth: number;
  readonly results: readonly SystemScores[];
}

export function formatDatasetReport(report: DatasetReport): string {
  const notes = report.results.flatMap((row) => row.notes.map((note) => `  note (${row.system}): ${note}`));
  return [
    `== ${report.dataset}: ${report.description}`,
    `   ${report.queries} queries, run depth ${report.runDepth}`,
    formatScoresTable(report.results),
    ...notes,
    "",
  ].join("\n");
}
