/**
 * Just enough MIME to read delivery and complaint reports: headers, multipart bodies and
 * the leaf parts with their content types. mailparser is not used here because it turns a
 * `message/delivery-status` part into body text (email.md §3.3), losing the part boundaries
 * that RFC 3464 field blocks depend on.
 * @see https://www.rfc-editor.org/rfc/rfc2045 (headers, transfer encodings)
 * @see https://www.rfc-editor.org/rfc/rfc2046#section-5.1 (multipart)
 */
export interface MimePart {
  /** Lower-case `type/subtype`, `text/plain` when the part names none. */
  readonly contentType: string;
  readonly headers: ReadonlyMap<string, readonly string[]>;
  /** The body after undoing its transfer encoding (base64, quoted-printable). */
  readonly body: string;
}

/** Parts nested deeper than this are ignored; real reports nest two or three levels. */
const MAX_DEPTH = 5;

export function readHeaderBlock(block: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, " ");
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return headers;
}

export function firstHeader(headers: ReadonlyMap<string, readonly string[]>, name: string): string | null {
  return headers.get(name)?.[0] ?? null;
}

/** Splits an entity at its first empty line into its header block and its body. */
export function splitEntity(entity: string): { headerBlock: string; body: string } {
  const match = /\r?\n\r?\n/.exec(entity);
  if (match === null) return { headerBlock: entity, body: "" };
  return { headerBlock: entity.slice(0, match.index), body: entity.slice(match.index + match[0].length) };
}

/** Every leaf part of a message, depth first; a `message/rfc822` part is a leaf (its text is its body). */
export function readMimeParts(source: string): MimePart[] {
  const parts: MimePart[] = [];
  collectParts(source, 0, parts);
  return parts;
}

function collectParts(entity: string, depth: number, into: MimePart[]): void {
  const { headerBlock, body } = splitEntity(entity);
  const headers = readHeaderBlock(headerBlock);
  const contentTypeHeader = firstHeader(headers, "content-type") ?? "text/plain";
  const contentType = contentTypeHeader.split(";")[0]!.trim().toLowerCase();
  const boundary = readParameter(contentTypeHeader, "boundary");
  if (contentType.startsWith("multipart/") && boundary !== null && depth < MAX_DEPTH) {
    for (const child of splitMultipart(body, boundary)) collectParts(child, depth + 1, into);
    return;
  }
  into.push({
    contentType,
    headers,
    body: decodeTransferEncoding(body, firstHeader(headers, "content-transfer-encoding")),
  });
}

/** A Content-Type parameter, quoted or not: `boundary="abc"` → abc. */
export function readParameter(header: string, name: string): string | null {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, "i").exec(header);
  return match === null ? null : (match[1] ?? match[2] ?? null);
}

function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const lines = body.split(/\r?\n/);
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of lines) {
    const trimmed = line.trimEnd();
    if (trimmed === `${delimiter}--`) break;
    if (trimmed === delimiter) {
      if (current !== null) parts.push(current.join("\n"));
      current = [];
      continue;
    }
    current?.push(line);
  }
  if (current !== null) parts.push(current.join("\n"));
  return parts;
}

function decodeTransferEncoding(body: string, encoding: string | null): string {
  switch (encoding?.trim().toLowerCase()) {
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    case "quoted-printable":
      return decodeQuotedPrintable(body);
    default:
      return body;
  }
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}
