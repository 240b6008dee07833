/**
 * The arXiv metadata snapshot that Cornell publishes on Kaggle
 * (`arxiv-metadata-oai-snapshot.json`, one JSON object per line), mapped to the hub's
 * import record (docs/import-format.md) so that readPaperRecord validates it like any
 * other record. Mapping only: a field that cannot be mapped is passed on as it is, and
 * readPaperRecord's error names the problem.
 * @see https://www.kaggle.com/datasets/Cornell-University/arxiv
 *
 * Snapshot fields without a home in the hub are dropped: `submitter` (the arXiv account
 * that uploaded the paper, not a Daily Papers submitter), `report-no` and `license`.
 */

type Json = Record<string, unknown>;

/** The import record for one snapshot object; anything but an object is returned unchanged. */
export function mapSnapshotRecord(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const s = value as Json;
  const versions = Array.isArray(s.versions) ? (s.versions as unknown[]) : [];
  const published = versionCreated(versions[0]);
  const updated = versions.length > 1 ? versionCreated(versions[versions.length - 1]) : published;
  return {
    id: s.id,
    title: s.title,
    abstract: s.abstract,
    authors: parsedAuthors(s.authors_parsed) ?? s.authors,
    categories: typeof s.categories === "string" ? s.categories.split(" ").filter((c) => c !== "") : s.categories,
    published,
    updated: updated ?? s.update_date,
    // readPaperRecord counts the versions when the id names none.
    versions: s.versions,
    comments: s.comments,
    doi: s.doi,
    journal_ref: s["journal-ref"],
  };
}

/** `[[last, first, suffix], …]` → `["First Last Suffix", …]`; undefined when the list is not that shape. */
function parsedAuthors(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const names: string[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const parts: unknown = value[i];
    if (!Array.isArray(parts) || parts.length === 0 || parts.some((p) => typeof p !== "string")) return undefined;
    const [last, first, suffix] = parts as string[];
    // Concatenation, not [first, last, suffix].filter().join(): this runs for every author of millions of papers.
    let name = first ? `${first} ${last}` : last!;
    if (suffix) name += ` ${suffix}`;
    names[i] = name;
  }
  return names;
}

/** ISO timestamp of `{version, created}`; the raw value when it is not RFC 2822, so readPaperRecord reports it. */
function versionCreated(version: unknown): unknown {
  if (typeof version !== "object" || version === null) return undefined;
  const created = (version as Json).created;
  return typeof created === "string" ? (parseRfc2822Date(created) ?? created) : created;
}

const MONTHS: Record<string, string> = {
  Jan: "01",
  Feb: "02",
  Mar: "03",
  Apr: "04",
  May: "05",
  Jun: "06",
  Jul: "07",
  Aug: "08",
  Sep: "09",
  Oct: "10",
  Nov: "11",
  Dec: "12",
};

const RFC_2822 =
  /^\s*(?:[A-Z][a-z]{2},\s*)?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? (GMT|UT|Z|[+-]\d{4})\s*$/;

/**
 * `Mon, 2 Apr 2007 19:18:42 GMT` → `2007-04-02T19:18:42.000Z`; null when not that form.
 * The snapshot writes every `created` in GMT, which is rewritten as text without a Date
 * (a third of the mapping's time otherwise); a numeric zone is honoured all the same.
 * Parsed by hand: Date.parse accepts RFC 2822 in V8, but ECMAScript leaves it implementation-defined.
 * @see https://www.rfc-editor.org/rfc/rfc5322#section-3.3
 */
export function parseRfc2822Date(input: string): string | null {
  const m = RFC_2822.exec(input);
  if (!m) return null;
  const [, day, monthName, year, hour, minute, second = "00", zone] = m;
  const month = MONTHS[monthName!];
  const dd = day!.padStart(2, "0");
  if (month === undefined || dd === "00" || dd > daysInMonth(Number(year), month)) return null;
  if (hour! > "23" || minute! > "59" || second > "59") return null;
  const local = `${year}-${month}-${dd}T${hour}:${minute}:${second}.000Z`;
  if (!/^[+-]/.test(zone!)) return local;
  const offsetMinutes = (zone!.startsWith("-") ? -1 : 1) * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(3)));
  return new Date(Date.parse(local) - offsetMinutes * 60_000).toISOString();
}

/** Last day of each month, as text comparable with a two-digit day; February is fixed up for leap years. */
const LAST_DAY: Record<string, string> = {
  "01": "31",
  "02": "28",
  "03": "31",
  "04": "30",
  "05": "31",
  "06": "30",
  "07": "31",
  "08": "31",
  "09": "30",
  "10": "31",
  "11": "30",
  "12": "31",
};

function daysInMonth(year: number, month: string): string {
  const isLeap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === "02" && isLeap ? "29" : LAST_DAY[month]!;
}
