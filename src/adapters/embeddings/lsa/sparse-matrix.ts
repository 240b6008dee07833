/**
 * A sparse matrix in compressed sparse row (CSR) form: the non-zeros of row r are at positions
 * rowStart[r] .. rowStart[r + 1] - 1 of `columns` and `values`. Dense matrices next to it are row-major
 * Float64Arrays with a known column count (`width`).
 * @see https://en.wikipedia.org/wiki/Sparse_matrix#Compressed_sparse_row_(CSR,_CRS_or_Yale_format)
 */
export interface CsrMatrix {
  readonly rowCount: number;
  readonly columnCount: number;
  readonly rowStart: Float64Array;
  readonly columns: Uint32Array;
  readonly values: Float32Array;
}

/** out = A[firstRow .. endRow) · X, where X is columnCount × width; `out` holds endRow - firstRow rows. */
export function multiplyRowsByDense(
  matrix: CsrMatrix,
  firstRow: number,
  endRow: number,
  dense: Float64Array,
  width: number,
  out: Float64Array,
): void {
  const { rowStart, columns, values } = matrix;
  out.fill(0, 0, (endRow - firstRow) * width);
  for (let row = firstRow; row < endRow; row++) {
    const outBase = (row - firstRow) * width;
    for (let p = rowStart[row]!, end = rowStart[row + 1]!; p < end; p++) {
      addScaledRow(out, outBase, values[p]!, dense, columns[p]! * width, width);
    }
  }
}

/**
 * out (columnCount × width) += A[firstRow .. endRow)ᵀ · Y, where Y holds endRow - firstRow rows of `width` values.
 * Accumulates, so a caller can sum over row blocks without holding all of A·X at once.
 */
export function addTransposedRowsTimesDense(
  matrix: CsrMatrix,
  firstRow: number,
  endRow: number,
  dense: Float64Array,
  width: number,
  out: Float64Array,
): void {
  const { rowStart, columns, values } = matrix;
  for (let row = firstRow; row < endRow; row++) {
    const denseBase = (row - firstRow) * width;
    for (let p = rowStart[row]!, end = rowStart[row + 1]!; p < end; p++) {
      addScaledRow(out, columns[p]! * width, values[p]!, dense, denseBase, width);
    }
  }
}

// target[targetBase + t] += scale · source[sourceBase + t] for t < width; unrolled by four because these two
// products are the other half of training time and V8 does not vectorise loops itself.
function addScaledRow(
  target: Float64Array,
  targetBase: number,
  scale: number,
  source: Float64Array,
  sourceBase: number,
  width: number,
): void {
  const unrolledEnd = width - (width % 4);
  let t = 0;
  for (; t < unrolledEnd; t += 4) {
    const to = targetBase + t;
    const from = sourceBase + t;
    target[to]! += scale * source[from]!;
    target[to + 1]! += scale * source[from + 1]!;
    target[to + 2]! += scale * source[from + 2]!;
    target[to + 3]! += scale * source[from + 3]!;
  }
  for (; t < width; t++) target[targetBase + t]! += scale * source[sourceBase + t]!;
}
