/**
 * Every paper's vector, packed densely in one Float32Array: usearch's exact search needs the vectors as one matrix,
 * and its JavaScript API cannot return a stored vector, so this copy serves both and `get()`. Removing a paper moves
 * the last vector into its slot, so the first `size` rows are always exactly the live vectors.
 */
export interface VectorSlots {
  readonly dimensions: number;
  size(): number;
  has(seq: number): boolean;
  /** A copy of the paper's vector, or null. */
  get(seq: number): Float32Array | null;
  put(seq: number, vector: Float32Array): void;
  delete(seq: number): boolean;
  /** The paper in a row of `matrix()`. */
  seqAt(slot: number): number;
  /** size × dimensions, row-major, starting at byte 0 of its buffer. Valid until the next put or delete. */
  matrix(): Float32Array;
  /** The papers in row order. */
  seqs(): Float64Array;
}

const INITIAL_CAPACITY = 1024;

export function createVectorSlots(dimensions: number, seqs?: Float64Array, vectors?: Float32Array): VectorSlots {
  let capacity = Math.max(INITIAL_CAPACITY, seqs?.length ?? 0);
  let rows = new Float32Array(capacity * dimensions);
  let seqOfSlot = new Float64Array(capacity);
  const slotOfSeq = new Map<number, number>();
  let size = 0;

  const grow = () => {
    capacity *= 2;
    const biggerRows = new Float32Array(capacity * dimensions);
    biggerRows.set(rows.subarray(0, size * dimensions));
    const biggerSeqs = new Float64Array(capacity);
    biggerSeqs.set(seqOfSlot.subarray(0, size));
    rows = biggerRows;
    seqOfSlot = biggerSeqs;
  };

  const put = (seq: number, vector: Float32Array) => {
    let slot = slotOfSeq.get(seq);
    if (slot === undefined) {
      if (size === capacity) grow();
      slot = size++;
      slotOfSeq.set(seq, slot);
      seqOfSlot[slot] = seq;
    }
    rows.set(vector, slot * dimensions);
  };

  if (seqs && vectors) {
    seqs.forEach((seq, i) => put(seq, vectors.subarray(i * dimensions, (i + 1) * dimensions)));
  }

  return {
    dimensions,
    size: () => size,
    has: (seq) => slotOfSeq.has(seq),
    get: (seq) => {
      const slot = slotOfSeq.get(seq);
      return slot === undefined ? null : rows.slice(slot * dimensions, (slot + 1) * dimensions);
    },
    put,
    delete: (seq) => {
      const slot = slotOfSeq.get(seq);
      if (slot === undefined) return false;
      const last = --size;
      if (slot !== last) {
        rows.copyWithin(slot * dimensions, last * dimensions, (last + 1) * dimensions);
        seqOfSlot[slot] = seqOfSlot[last]!;
        slotOfSeq.set(seqOfSlot[slot]!, slot);
      }
      slotOfSeq.delete(seq);
      return true;
    },
    seqAt: (slot) => seqOfSlot[slot]!,
    matrix: () => rows.subarray(0, size * dimensions),
    seqs: () => seqOfSlot.slice(0, size),
  };
}
