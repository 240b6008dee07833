/**
 * The on-disk form of a posting list (migrations/sqlite/007_search_postings.sql): ascending
 * seqs as gaps in unsigned LEB128 (a byte or two per paper for a frequent word), impacts as
 * little-endian Float32.
 */

export function encodeSeqGaps(seqs: ArrayLike<number>): Buffer {
  const bytes = Buffer.alloc(seqs.length * 5);
  let at = 0;
  let previous = 0;
  for (let i = 0; i < seqs.length; i++) {
    const seq = seqs[i] as number;
    if (seq < previous || (i > 0 && seq === previous)) throw new Error("posting seqs must be strictly ascending");
    let gap = seq - previous;
    previous = seq;
    while (gap >= 0x80) {
      bytes[at++] = (gap & 0x7f) | 0x80;
      gap >>>= 7;
    }
    bytes[at++] = gap;
  }
  return bytes.subarray(0, at);
}

export function decodeSeqGaps(bytes: Uint8Array, count: number): Int32Array {
  const seqs = new Int32Array(count);
  let at = 0;
  let previous = 0;
  for (let i = 0; i < count; i++) {
    let gap = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[at++] ?? 0;
      gap |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    previous += gap;
    seqs[i] = previous;
  }
  return seqs;
}

export function encodeImpacts(impacts: ArrayLike<number>): Buffer {
  const bytes = Buffer.alloc(impacts.length * 4);
  for (let i = 0; i < impacts.length; i++) bytes.writeFloatLE(impacts[i] as number, i * 4);
  return bytes;
}

export function decodeImpacts(bytes: Uint8Array): Float32Array {
  // Copied into a fresh, aligned buffer: a Buffer from SQLite may start at any byte offset.
  return new Float32Array(new Uint8Array(bytes).buffer);
}
