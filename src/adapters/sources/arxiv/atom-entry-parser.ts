import { XMLParser } from "fast-xml-parser";

/**
 * Reads the Atom feeds of the arXiv API into plain objects. Nothing here is validated
 * beyond "is it well-formed XML with a <feed>": every field is a string or null, and
 * arxiv-entry-record.ts turns an entry into an import record that readPaperRecord checks.
 * Both generations of the API are read: the 2016 one (opensearch and arxiv namespaces
 * declared on each element, http:// ids) and the current one (namespaces on <feed>).
 * @see https://info.arxiv.org/help/api/user-manual.html#_details_of_atom_results_returned
 */
export interface AtomEntry {
  /** `<id>`: `http://arxiv.org/abs/2104.12255v1` (https:// in some responses). */
  readonly id: string | null;
  readonly title: string | null;
  /** `<summary>`: the abstract. */
  readonly summary: string | null;
  readonly published: string | null;
  readonly updated: string | null;
  /** `<author><name>`, in the paper's order. */
  readonly authors: readonly string[];
  /** `<category term>` in feed order; may include ACM or MSC classes. */
  readonly categories: readonly string[];
  readonly primaryCategory: string | null;
  readonly comment: string | null;
  readonly doi: string | null;
  readonly journalRef: string | null;
}

export interface AtomFeed {
  /** `opensearch:totalResults`: matches for the whole query, not this page. */
  readonly totalResults: number | null;
  readonly startIndex: number | null;
  readonly itemsPerPage: number | null;
  readonly entries: readonly AtomEntry[];
  /** The message of arXiv's error entry (`<id>…/api/errors#…</id>`), when the query was rejected. */
  readonly error: string | null;
}

/** The body is not the XML we asked for: truncated, cut off mid-element, or an HTML error page. */
export class MalformedFeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedFeedError";
  }
}

/** arXiv reports a rejected query as a feed holding one entry whose id points here. */
const ERROR_ENTRY_ID = /^https?:\/\/arxiv\.org\/api\/errors/;
const ATOM_REPEATED = ["entry", "author", "category", "link"];

export function parseAtomFeed(xml: string): AtomFeed {
  const feed = asObject(parseXmlDocument(xml, ATOM_REPEATED).feed);
  if (!feed) throw new MalformedFeedError("expected an Atom <feed> document");
  const entries = asArray(feed.entry).map(readEntry);
  const errorEntry = entries.find((e) => e.id !== null && ERROR_ENTRY_ID.test(e.id));
  return {
    totalResults: readCount(feed.totalResults),
    startIndex: readCount(feed.startIndex),
    itemsPerPage: readCount(feed.itemsPerPage),
    entries: errorEntry ? [] : entries,
    error: errorEntry ? (errorEntry.summary ?? errorEntry.title ?? "unknown error") : null,
  };
}

function readEntry(node: unknown): AtomEntry {
  const entry = asObject(node) ?? {};
  return {
    id: textOf(entry.id),
    title: textOf(entry.title),
    summary: textOf(entry.summary),
    published: textOf(entry.published),
    updated: textOf(entry.updated),
    authors: asArray(entry.author)
      .map((author) => textOf(asObject(author)?.name))
      .filter((name): name is string => name !== null),
    categories: asArray(entry.category)
      .map((category) => attributeOf(category, "term"))
      .filter((term): term is string => term !== null),
    primaryCategory: attributeOf(entry.primary_category, "term"),
    comment: textOf(entry.comment),
    doi: textOf(entry.doi),
    journalRef: textOf(entry.journal_ref),
  };
}

/** fast-xml-parser settings shared by the arXiv Atom, RSS and OAI-PMH readers. */
export const ARXIV_XML_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  ignoreDeclaration: true,
  // Text stays text: a title "0" or an id "1707.08567" must not become a number.
  parseTagValue: false,
  parseAttributeValue: false,
  // Decodes numeric character references (&#233;) as well as the five XML entities.
  htmlEntities: true,
} as const;

/**
 * Parses a whole document after checking it is well-formed, so a body cut off mid-way
 * fails loudly instead of yielding the entries before the cut as if they were all.
 * Namespace prefixes are dropped (`arxiv:comment` → `comment`): arXiv's Atom and RSS
 * elements have no local names in common within an entry or item.
 */
export function parseXmlDocument(xml: string, repeated: readonly string[]): Record<string, unknown> {
  const parser = new XMLParser({ ...ARXIV_XML_OPTIONS, isArray: (name) => repeated.includes(name) });
  let document: unknown;
  try {
    document = parser.parse(xml, true);
  } catch (error) {
    throw new MalformedFeedError(`malformed or truncated XML (${(error as Error).message})`);
  }
  const root = asObject(document);
  if (!root) throw new MalformedFeedError("empty XML document");
  return root;
}

/** The text of an element: a string, or `#text` when the element also has attributes. */
export function textOf(node: unknown): string | null {
  if (typeof node === "string") return node.trim() === "" ? null : node.trim();
  const object = asObject(node);
  return object ? textOf(object["#text"]) : null;
}

export function attributeOf(node: unknown, name: string): string | null {
  const value = asObject(node)?.[`@_${name}`];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

export function asArray(node: unknown): unknown[] {
  if (node === undefined || node === null) return [];
  return Array.isArray(node) ? node : [node];
}

function asObject(node: unknown): Record<string, unknown> | null {
  return typeof node === "object" && node !== null && !Array.isArray(node) ? (node as Record<string, unknown>) : null;
}

function readCount(node: unknown): number | null {
  const text = textOf(node);
  return text !== null && /^\d+$/.test(text) ? Number(text) : null;
}
