import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import type { SourceLine } from "../../core/papers/import-service.js";

const GZIP_MAGIC = [0x1f, 0x8b];

export interface JsonlSource {
  readonly lines: AsyncIterable<SourceLine>;
  /** Size of the file on disk, for progress. */
  readonly totalBytes: number;
  /** Bytes of the file read so far (compressed bytes for .gz). */
  bytesRead(): number;
}

/** Streams the lines of a JSONL file, gunzipping it when it starts with the gzip magic. */
export async function openJsonlFile(path: string): Promise<JsonlSource> {
  const { size } = await stat(path);
  const raw = createReadStream(path);
  const gzipped = await startsWithGzipMagic(path);
  const text: Readable = gzipped ? raw.pipe(createGunzip()) : raw;
  raw.on("error", (e) => text.destroy(e));
  return {
    lines: numberLines(createInterface({ input: text, crlfDelay: Infinity })),
    totalBytes: size,
    bytesRead: () => raw.bytesRead,
  };
}

async function* numberLines(lines: AsyncIterable<string>): AsyncIterable<SourceLine> {
  let number = 0;
  for await (const text of lines) {
    number += 1;
    yield { number, text };
  }
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const stream = createReadStream(path, { start: 0, end: 1 });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const head = Buffer.concat(chunks);
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}
