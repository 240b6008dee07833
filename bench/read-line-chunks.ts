import { createReadStream } from "node:fs";

/** Bytes read per chunk: large enough that per-chunk overhead vanishes next to JSON work. */
const CHUNK_BYTES = 1 << 20;

/**
 * The lines of a text file, a chunk's worth at a time. Faster than readline (one await
 * per megabyte, not per line), which matters when the reading itself is being timed.
 */
export async function* readLineChunks(path: string): AsyncIterable<string[]> {
  let rest = "";
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: CHUNK_BYTES })) {
    const text = rest + (chunk as string);
    const lines = text.split("\n");
    rest = lines.pop()!;
    if (lines.length > 0) yield lines;
  }
  if (rest !== "") yield [rest];
}
