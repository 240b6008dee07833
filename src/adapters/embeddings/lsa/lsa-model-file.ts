import { randomBytes } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { endianness } from "node:os";
import { crc32 } from "node:zlib";
import { z } from "zod";
import type { LsaModel } from "./lsa-model.js";

/**
 * The LSA model on disk, one file:
 *   bytes 0–7   magic "PBLSAMDL"
 *   bytes 8–11  format version (uint32, little-endian)
 *   bytes 12–15 length H of the JSON header (uint32)
 *   16…         JSON header: dimensions, vocabulary, metadata; zero-padded to a multiple of 4 bytes
 *   then        idf: vocabulary × float32;  projection: vocabulary × dimensions × float32 (little-endian)
 *   last 4      CRC-32 of everything before it, so a truncated or damaged file is refused, not half-used.
 */

const MAGIC = "PBLSAMDL";
const FORMAT_VERSION = 1;
const PREAMBLE_BYTES = 16;
const CHECKSUM_BYTES = 4;
const FLOAT_BYTES = 4;

const headerSchema = z.object({
  dimensions: z.number().int().positive(),
  vocabulary: z.array(z.string()),
  metadata: z.object({
    documents: z.number().int().nonnegative(),
    createdAt: z.string(),
    titleWeight: z.number().positive(),
    singularValueExponent: z.number(),
    seed: z.number(),
    singularValues: z.array(z.number()),
  }),
});

export class LsaModelFileError extends Error {
  constructor(file: string, problem: string) {
    super(`LSA model file ${file}: ${problem}; delete it to train a new model`);
    this.name = "LsaModelFileError";
  }
}

export function encodeLsaModel(model: LsaModel): Buffer {
  const header = Buffer.from(
    JSON.stringify({ dimensions: model.dimensions, vocabulary: model.vocabulary, metadata: model.metadata }),
  );
  const headerPadded = Math.ceil(header.length / FLOAT_BYTES) * FLOAT_BYTES;
  const floatsStart = PREAMBLE_BYTES + headerPadded;
  const floatBytes = (model.idf.length + model.projection.length) * FLOAT_BYTES;
  const bytes = Buffer.alloc(floatsStart + floatBytes + CHECKSUM_BYTES);
  bytes.write(MAGIC, 0, "latin1");
  bytes.writeUInt32LE(FORMAT_VERSION, 8);
  bytes.writeUInt32LE(header.length, 12);
  header.copy(bytes, PREAMBLE_BYTES);
  Buffer.from(model.idf.buffer, model.idf.byteOffset, model.idf.byteLength).copy(bytes, floatsStart);
  Buffer.from(model.projection.buffer, model.projection.byteOffset, model.projection.byteLength).copy(
    bytes,
    floatsStart + model.idf.byteLength,
  );
  bytes.writeUInt32LE(crc32(bytes.subarray(0, bytes.length - CHECKSUM_BYTES)), bytes.length - CHECKSUM_BYTES);
  return bytes;
}

/** `file` only names the source in errors. */
export function decodeLsaModel(bytes: Buffer, file: string): LsaModel {
  if (bytes.length < PREAMBLE_BYTES + CHECKSUM_BYTES || bytes.toString("latin1", 0, 8) !== MAGIC) {
    throw new LsaModelFileError(file, "not an LSA model file (wrong magic bytes)");
  }
  const version = bytes.readUInt32LE(8);
  if (version !== FORMAT_VERSION) {
    throw new LsaModelFileError(
      file,
      `format version ${version}, but this version of paperboy reads ${FORMAT_VERSION}`,
    );
  }
  const stored = bytes.readUInt32LE(bytes.length - CHECKSUM_BYTES);
  if (crc32(bytes.subarray(0, bytes.length - CHECKSUM_BYTES)) !== stored) {
    throw new LsaModelFileError(file, "checksum mismatch (the file is truncated or damaged)");
  }
  const headerLength = bytes.readUInt32LE(12);
  const header = parseHeader(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength), file);
  const floatsStart = PREAMBLE_BYTES + Math.ceil(headerLength / FLOAT_BYTES) * FLOAT_BYTES;
  const terms = header.vocabulary.length;
  const expectedLength = floatsStart + terms * (1 + header.dimensions) * FLOAT_BYTES + CHECKSUM_BYTES;
  if (bytes.length !== expectedLength) {
    throw new LsaModelFileError(file, `is ${bytes.length} bytes, but its header describes ${expectedLength}`);
  }
  return {
    dimensions: header.dimensions,
    vocabulary: header.vocabulary,
    metadata: header.metadata,
    idf: readFloats(bytes, floatsStart, terms),
    projection: readFloats(bytes, floatsStart + terms * FLOAT_BYTES, terms * header.dimensions),
  };
}

export async function loadLsaModel(file: string): Promise<LsaModel> {
  return decodeLsaModel(await readFile(file), file);
}

/** Writes a temporary file next to `file`, then renames it: readers see the old model or the new one, never half. */
export async function saveLsaModel(file: string, model: LsaModel): Promise<void> {
  const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, encodeLsaModel(model), { flush: true });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function parseHeader(json: Buffer, file: string): z.infer<typeof headerSchema> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.toString("utf8"));
  } catch {
    throw new LsaModelFileError(file, "unreadable JSON header");
  }
  const result = headerSchema.safeParse(parsed);
  if (!result.success) throw new LsaModelFileError(file, `invalid header (${result.error.issues[0]?.message ?? ""})`);
  return result.data;
}

/** Copies little-endian float32s out of the file (the copy also aligns them, which a Float32Array view requires). */
function readFloats(bytes: Buffer, start: number, count: number): Float32Array {
  if (endianness() !== "LE") throw new Error("LSA model files are little-endian; this machine is big-endian");
  const floats = new Float32Array(count);
  Buffer.from(floats.buffer).set(bytes.subarray(start, start + count * FLOAT_BYTES));
  return floats;
}
