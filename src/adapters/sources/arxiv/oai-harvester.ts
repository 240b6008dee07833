import type { CheckpointStore } from "../../../core/ingestion/ports.js";
import type { DecodedBatch, ImportSummary } from "../../../core/papers/import-service.js";
import { InvalidRecordError, type PaperImport, readPaperRecord } from "../../../core/papers/paper-record.js";
import { formatDay } from "../../../lib/dates.js";
import type { PoliteResponse } from "../polite-http-client.js";
import {
  type OaiHeader,
  type OaiMetadataPrefix,
  type OaiPage,
  OaiResponseError,
  parseOaiPage,
} from "./oai-record-parser.js";

/**
 * Harvests arXiv over OAI-PMH: `ListRecords` for a set and a datestamp window, then one
 * request per resumption token until the token comes back empty. After every page, once
 * its papers are committed, the token of the next page is checkpointed: a harvest killed
 * at any point resumes at the first page not yet committed. A page committed but not yet
 * checkpointed is fetched and imported again on resume, which changes nothing (the
 * import is idempotent), so nothing is lost and nothing is stored twice. arXiv slows
 * harvesters down with 503 + Retry-After; the polite client (app.sourceHttp.arxiv) waits.
 * @see http://www.openarchives.org/OAI/openarchivesprotocol.html#FlowControl
 * @see https://info.arxiv.org/help/oa/index.html (base URL https://oaipmh.arxiv.org/oai, sets, formats)
 */
export interface OaiHarvestParams {
  /** `cs`, `physics:hep-ex`, … */
  readonly set: string;
  /** Datestamps, `YYYY-MM-DD` (arXiv's granularity), inclusive. */
  readonly from: string;
  readonly until: string | null;
  readonly metadataPrefix: OaiMetadataPrefix;
}

export interface OaiHarvestDeps {
  /** app.sourceHttp.arxiv: one connection, arXiv's pace, retries and Retry-After. */
  readonly http: { get(url: string, headers?: Record<string, string>): Promise<PoliteResponse> };
  /** app.config.sources.arxivOaiUrl. */
  readonly baseUrl: string;
  readonly importer: { importBatches(batches: AsyncIterable<DecodedBatch>): Promise<ImportSummary> };
  readonly checkpoints: CheckpointStore;
  readonly now: () => Date;
}

export interface OaiHarvestCounts {
  pages: number;
  /** Records imported (inserted + updated + unchanged). */
  harvested: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Records that could not be read or failed validation; reported, skipped. */
  malformed: number;
  /** Deleted records: reported only (withdrawn papers stay in the hub). */
  deleted: number;
}

export interface OaiHarvestProgress {
  readonly counts: Readonly<OaiHarvestCounts>;
  /** From the resumption token, when the repository says. */
  readonly completeListSize: number | null;
}

export interface OaiHarvestObserver {
  onResume?(checkpoint: Readonly<OaiHarvestCounts>): void;
  onMalformed?(record: { identifier: string; reason: string }): void;
  onDeleted?(record: OaiHeader): void;
  onPage?(progress: OaiHarvestProgress): void;
}

export interface OaiHarvestSummary extends OaiHarvestCounts {
  /** True when this run continued a checkpointed harvest; the counts cover the whole harvest. */
  readonly resumed: boolean;
  /**
   * `<responseDate>` of the harvest's first page (in an earlier run when resumed): every
   * change after it is left to the next harvest, whose `from` it is.
   */
  readonly responseDate: string | null;
}

/** The harvest cannot go on: an OAI error, a response that is not a whole OAI-PMH document, a redirect. */
export class OaiHarvestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OaiHarvestError";
  }
}

/** The repository no longer knows the checkpointed token (tokens expire); only a restart helps. */
export class OaiBadResumptionTokenError extends OaiHarvestError {
  constructor(message: string) {
    super(message);
    this.name = "OaiBadResumptionTokenError";
  }
}

/** What is saved after every page, under {@link oaiCheckpointKey}. */
interface OaiCheckpoint {
  readonly version: 1;
  readonly params: OaiHarvestParams;
  /** The token that fetches the first page not yet committed. */
  readonly resumptionToken: string;
  readonly completeListSize: number | null;
  readonly tokenExpiresAt: string | null;
  readonly responseDate: string | null;
  readonly counts: OaiHarvestCounts;
  readonly savedAt: string;
}

/** One checkpoint per distinct harvest, e.g. `oai:arXiv:cs:2025-01-01..2025-02-01`. */
export function oaiCheckpointKey(params: OaiHarvestParams): string {
  return `oai:${params.metadataPrefix}:${params.set}:${params.from}..${params.until ?? ""}`;
}

export async function harvestOai(
  deps: OaiHarvestDeps,
  params: OaiHarvestParams,
  options: { restart?: boolean; observer?: OaiHarvestObserver } = {},
): Promise<OaiHarvestSummary> {
  const key = oaiCheckpointKey(params);
  const observer = options.observer ?? {};
  if (options.restart) await deps.checkpoints.clear(key);
  const saved = readCheckpoint(await deps.checkpoints.read(key), key);
  const counts: OaiHarvestCounts = saved ? { ...saved.counts } : emptyCounts();
  if (saved) observer.onResume?.(counts);
  let token = saved?.resumptionToken ?? null;
  let responseDate = saved ? saved.responseDate : undefined;
  for (;;) {
    const url = token === null ? listRecordsUrl(deps.baseUrl, params) : resumeUrl(deps.baseUrl, token);
    const page = await fetchPage(deps, url, params.metadataPrefix, counts.pages + 1);
    responseDate ??= page.responseDate;
    if (isEmptyList(page, token)) break;
    await importPage(deps, page, counts, observer);
    const next = page.resumptionToken;
    observer.onPage?.({ counts: { ...counts }, completeListSize: next?.completeListSize ?? null });
    if (!next || next.token === "") break;
    if (next.token === token) throw new OaiHarvestError(`the repository sent the token "${token}" again`);
    const checkpoint: OaiCheckpoint = {
      version: 1,
      params,
      resumptionToken: next.token,
      completeListSize: next.completeListSize,
      tokenExpiresAt: next.expiresAt,
      responseDate,
      counts,
      savedAt: deps.now().toISOString(),
    };
    await deps.checkpoints.write(key, checkpoint);
    token = next.token;
  }
  await deps.checkpoints.clear(key);
  return { ...counts, resumed: saved !== null, responseDate: responseDate ?? null };
}

function listRecordsUrl(baseUrl: string, params: OaiHarvestParams): string {
  const url = new URL(baseUrl);
  url.searchParams.set("verb", "ListRecords");
  url.searchParams.set("metadataPrefix", params.metadataPrefix);
  url.searchParams.set("set", params.set);
  url.searchParams.set("from", params.from);
  if (params.until !== null) url.searchParams.set("until", params.until);
  return url.toString();
}

/** resumptionToken is an exclusive argument: nothing but the verb goes with it. */
function resumeUrl(baseUrl: string, token: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set("verb", "ListRecords");
  url.searchParams.set("resumptionToken", token);
  return url.toString();
}

async function fetchPage(deps: OaiHarvestDeps, url: string, prefix: OaiMetadataPrefix, pageNumber: number) {
  const response = await deps.http.get(url, { Accept: "text/xml, application/xml" });
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get("location");
    throw new OaiHarvestError(
      `${url} answered HTTP ${response.status}${location ? ` (moved to ${location})` : ""}: set ARXIV_OAI_URL to the repository's current address`,
    );
  }
  // OAI-PMH errors come as XML, with HTTP 200 from arXiv and sometimes 4xx elsewhere.
  if (response.status !== 200 && !response.body.includes("<OAI-PMH")) {
    throw new OaiHarvestError(`${url} answered HTTP ${response.status}`);
  }
  try {
    return parseOaiPage(response.body, prefix);
  } catch (error) {
    if (!(error instanceof OaiResponseError)) throw error;
    throw new OaiHarvestError(
      `page ${pageNumber} (${url}): ${error.message}. Pages before it are saved: the same command resumes at this page.`,
    );
  }
}

/**
 * True for an empty list: `noRecordsMatch` is "nothing in that window", not a failure
 * (and, after a token, "the rest of the list is gone"). Any other OAI error is thrown.
 * @see http://www.openarchives.org/OAI/openarchivesprotocol.html#ErrorConditions
 */
function isEmptyList(page: OaiPage, token: string | null): boolean {
  if (page.errors.length === 0) return false;
  if (page.errors.every((e) => e.code === "noRecordsMatch")) return true;
  const described = page.errors.map((e) => `${e.code}: ${e.message}`).join("; ");
  if (page.errors.some((e) => e.code === "badResumptionToken")) {
    throw new OaiBadResumptionTokenError(
      `the repository rejected the saved resumption token "${token}" (${described}); it has probably expired. ` +
        "Start the harvest over with --restart: papers already imported stay, and importing them again changes nothing.",
    );
  }
  throw new OaiHarvestError(`the repository answered with an OAI-PMH error: ${described}`);
}

async function importPage(deps: OaiHarvestDeps, page: OaiPage, counts: OaiHarvestCounts, observer: OaiHarvestObserver) {
  const observedDay = formatDay(deps.now());
  const records: PaperImport[] = [];
  const malformed = [...page.unreadable];
  for (const { identifier, record } of page.records) {
    try {
      records.push(readPaperRecord(record, observedDay));
    } catch (error) {
      if (!(error instanceof InvalidRecordError)) throw error;
      malformed.push({ identifier, reason: error.message });
    }
  }
  if (records.length > 0) {
    const summary = await deps.importer.importBatches(only({ records, rejected: [], lastLine: 0 }));
    counts.inserted += summary.inserted;
    counts.updated += summary.updated;
    counts.unchanged += summary.unchanged;
    counts.harvested += records.length;
  }
  counts.pages += 1;
  counts.malformed += malformed.length;
  counts.deleted += page.deleted.length;
  for (const m of malformed) observer.onMalformed?.(m);
  for (const d of page.deleted) observer.onDeleted?.(d);
}

async function* only(batch: DecodedBatch): AsyncIterable<DecodedBatch> {
  yield batch;
}

function emptyCounts(): OaiHarvestCounts {
  return { pages: 0, harvested: 0, inserted: 0, updated: 0, unchanged: 0, malformed: 0, deleted: 0 };
}

/** The stored checkpoint, checked: it was written by an earlier run, perhaps of an older version. */
function readCheckpoint(value: unknown, key: string): OaiCheckpoint | null {
  if (value === null) return null;
  const c = value as Partial<OaiCheckpoint> | undefined;
  const counts = c?.counts as Partial<Record<keyof OaiHarvestCounts, unknown>> | undefined;
  const countsOk =
    typeof counts === "object" &&
    counts !== null &&
    Object.keys(emptyCounts()).every((k) => isCount(counts[k as keyof OaiHarvestCounts]));
  const tokenOk = typeof c?.resumptionToken === "string" && c.resumptionToken !== "";
  const dateOk = c?.responseDate === null || typeof c?.responseDate === "string";
  if (c?.version !== 1 || !tokenOk || !dateOk || !countsOk) {
    throw new OaiHarvestError(`the checkpoint "${key}" is not one this version can resume; run again with --restart`);
  }
  return c as OaiCheckpoint;
}

function isCount(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}
