// Command-line options of `npm run eval:search`.
import { parseArgs } from "node:util";

export const DATASET_NAMES = ["cisi", "titles", "titles-plain", "topical", "paraphrase"] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export const USAGE = `Usage: npm run eval:search -- [--dataset NAME]... [--json FILE] [--no-hub] [--no-baselines]

  --dataset NAME  run only this dataset (repeatable, or comma-separated): ${DATASET_NAMES.join(", ")}
  --json FILE     also write every number to FILE as JSON
  --no-hub        skip the hub's own search (baselines only)
  --no-baselines  skip the FTS5 baselines (the hub's modes only)`;

export interface EvalOptions {
  readonly datasets: readonly DatasetName[];
  readonly jsonFile: string | null;
  readonly hub: boolean;
  readonly baselines: boolean;
  readonly help: boolean;
}

function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name);
}

/** Throws with a readable message for an unknown option or dataset. */
export function parseEvalArgs(args: readonly string[]): EvalOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      dataset: { type: "string", multiple: true },
      json: { type: "string" },
      "no-hub": { type: "boolean" },
      "no-baselines": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const requested = (values.dataset ?? []).flatMap((value) => value.split(",")).map((name) => name.trim());
  const unknown = requested.filter((name) => !isDatasetName(name));
  if (unknown.length > 0)
    throw new Error(`unknown dataset ${unknown.join(", ")}: choose from ${DATASET_NAMES.join(", ")}`);
  return {
    datasets: requested.length > 0 ? [...new Set(requested.filter(isDatasetName))] : DATASET_NAMES,
    jsonFile: values.json ?? null,
    hub: !values["no-hub"],
    baselines: !values["no-baselines"],
    help: values.help ?? false,
  };
}
