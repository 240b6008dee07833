import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { open, rename, rm, type FileHandle } from "node:fs/promises";
import { endianness } from "node:os";
import { crc32 } from "node:zlib";

/**
 * The vectors of a vector index on disk, one file:
 *   bytes 0–7    magic "PBVECTRS"
 *   bytes 8–11   format version (uint32, little-endian)
 *   bytes 12–15  dimensions (uint32)
 *   bytes 16–23  vector count N (float64)
 *   bytes 24–31  token of the HNSW graph file saved with these vectors, 8 ASCII hex digits, or zeros when none
 *   bytes 32–39  byte length of that graph file (float64)
 *   bytes 40–43  CRC-32 of that graph file: usearch crashes the process on a damaged graph file (2.25.3), so a
 *                graph is loaded only when it is byte for byte the one saved with these vectors
 *   bytes 44–47  zero
 *   48…          N paper seqs (float64), then N × dimensions float32s
 *   last 4       CRC-32 of everything before it
 */

const MAGIC = "PBVECTRS";
const FORMAT_VERSION = 1;
const HEADER_BYTES = 48;
const CHECKSUM_BYTES = 4;
const NO_GRAPH = "\0".repeat(8);

export interface VectorFileContents {
  readonly dimensions: number;
  readonly seqs: Float64Array;
  readonly vectors: Float32Array;
  /** The graph file that matches these vectors, or null when none was saved. */
  readonly graph: SavedGraph | null;
}

export interface SavedGraph {
  /** Names the file (see usearch-vector-index.ts). */
  readonly token: string;
  readonly byteLength: number;
  readonly crc32: number;
}

export class VectorFileError extends Error {
  constructor(file: string, problem: string) {
    super(`vector index file ${file}: ${problem}; delete it (and its .hnsw files) to rebuild the index`);
    this.name = "VectorFileError";
  }
}

export function readVectorFile(file: string, dimensions: number): VectorFileContents {
  const bytes = readFileSync(file);
  if (bytes.length < HEADER_BYTES + CHECKSUM_BYTES || bytes.toString("latin1", 0, 8) !== MAGIC) {
    throw new VectorFileError(file, "not a vector index file (wrong magic bytes)");
  }
  const version = bytes.readUInt32LE(8);
  if (version !== FORMAT_VERSION)
    throw new VectorFileError(file, `format version ${version}, expected ${FORMAT_VERSION}`);
  if (crc32(bytes.subarray(0, bytes.length - CHECKSUM_BYTES)) !== bytes.readUInt32LE(bytes.length - CHECKSUM_BYTES)) {
    throw new VectorFileError(file, "checksum mismatch (the file is truncated or damaged)");
  }
  const storedDimensions = bytes.readUInt32LE(12);
  if (storedDimensions !== dimensions) {
    throw new VectorFileError(
      file,
      `holds ${storedDimensions}-dimensional vectors, but the embedder makes ${dimensions}`,
    );
  }
  const count = bytes.readDoubleLE(16);
  const expected = HEADER_BYTES + count * 8 + count * dimensions * 4 + CHECKSUM_BYTES;
  if (bytes.length !== expected) throw new VectorFileError(file, `is ${bytes.length} bytes, expected ${expected}`);
  assertLittleEndian();
  const seqs = new Float64Array(count);
  Buffer.from(seqs.buffer).set(bytes.subarray(HEADER_BYTES, HEADER_BYTES + count * 8));
  const vectors = new Float32Array(count * dimensions);
  Buffer.from(vectors.buffer).set(bytes.subarray(HEADER_BYTES + count * 8, expected - CHECKSUM_BYTES));
  const token = bytes.toString("latin1", 24, 32);
  const graph = { token, byteLength: bytes.readDoubleLE(32), crc32: bytes.readUInt32LE(40) };
  return { dimensions, seqs, vectors, graph: token === NO_GRAPH ? null : graph };
}

/** Writes a temporary file, flushes it to disk, then renames it over `file`: never a half-written index. */
export async function writeVectorFile(file: string, contents: VectorFileContents): Promise<void> {
  assertLittleEndian();
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, "latin1");
  header.writeUInt32LE(FORMAT_VERSION, 8);
  header.writeUInt32LE(contents.dimensions, 12);
  header.writeDoubleLE(contents.seqs.length, 16);
  header.write(contents.graph?.token ?? NO_GRAPH, 24, "latin1");
  header.writeDoubleLE(contents.graph?.byteLength ?? 0, 32);
  header.writeUInt32LE(contents.graph?.crc32 ?? 0, 40);
  const parts = [header, viewBytes(contents.seqs), viewBytes(contents.vectors)];
  const checksum = Buffer.alloc(CHECKSUM_BYTES);
  checksum.writeUInt32LE(parts.reduce((crc, part) => crc32(part, crc), 0));
  const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const handle = await open(temporary, "w");
    try {
      for (const part of [...parts, checksum]) await writeAll(handle, part);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  for (let offset = 0; offset < bytes.length;) offset += (await handle.write(bytes, offset)).bytesWritten;
}

export function newGraphToken(): string {
  return randomBytes(4).toString("hex");
}

/** Length and CRC-32 of a file, to compare with a SavedGraph. */
export function fingerprintFile(file: string): { byteLength: number; crc32: number } {
  const bytes = readFileSync(file);
  return { byteLength: bytes.length, crc32: crc32(bytes) };
}

function viewBytes(array: Float64Array | Float32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

function assertLittleEndian(): void {
  if (endianness() !== "LE") throw new Error("vector index files are little-endian; this machine is big-endian");
}
