import {
  computeSymmetricEigen,
  multiplyTransposedSymmetric,
  orthonormalizeColumns,
  transpose,
} from "./dense-linear-algebra.js";
import type { SeededRandom } from "./seeded-random.js";
import { addTransposedRowsTimesDense, multiplyRowsByDense, type CsrMatrix } from "./sparse-matrix.js";

/**
 * The top right singular vectors of a sparse matrix by randomized subspace iteration (Halko, Martinsson & Tropp,
 * "Finding structure with randomness", Algorithms 4.4 and 5.1), run on AᵀA so that only the small side
 * (columns × width) is ever orthonormalised and A·Z is formed a block of rows at a time.
 * @see https://arxiv.org/abs/0909.4061
 */

/** Rows of A multiplied per block: bounds the rows × width scratch matrix, and how long the event loop waits. */
const ROWS_PER_BLOCK = 2048;

export interface TruncatedSvdOptions {
  /** Extra random directions beyond `rank`; more makes the top `rank` directions more accurate. */
  readonly oversampling: number;
  /** Extra applications of AᵀA; each sharpens the separation of the top singular values. */
  readonly powerIterations: number;
  readonly random: SeededRandom;
  /** Called after each application of AᵀA (powerIterations + 1 of them). */
  readonly onStep?: (done: number, total: number) => void;
}

export interface TruncatedSvd {
  /** Largest first; zero beyond the matrix's rank. */
  readonly singularValues: Float64Array;
  /** columnCount × rank, row-major: column t is the right singular vector of singularValues[t] (zero if that is 0). */
  readonly rightVectors: Float64Array;
}

export async function computeTruncatedSvd(
  matrix: CsrMatrix,
  rank: number,
  options: TruncatedSvdOptions,
): Promise<TruncatedSvd> {
  const width = Math.min(rank + options.oversampling, matrix.columnCount, Math.max(matrix.rowCount, 1));
  const basis = new Float64Array(matrix.columnCount * width);
  for (let i = 0; i < basis.length; i++) basis[i] = options.random.nextGaussian();
  const total = options.powerIterations + 1;
  let image: Float64Array = new Float64Array(0);
  for (let step = 1; step <= total; step++) {
    image = await multiplyByGram(matrix, basis, width);
    if (step < total) {
      basis.set(image);
      orthonormalizeColumns(basis, matrix.columnCount, width);
    }
    options.onStep?.(step, total);
  }
  // Rayleigh–Ritz: the eigenpairs of Zᵀ(AᵀA)Z are the squared singular values and the coordinates,
  // in the orthonormal basis Z, of the right singular vectors.
  const projected = multiplyTransposedSymmetric(basis, image, matrix.columnCount, width);
  const eigen = computeSymmetricEigen(projected, width);
  return collectTopVectors(basis, eigen.values, eigen.vectors, matrix.columnCount, width, rank);
}

/** AᵀA·Z (columnCount × width), summed over blocks of rows of A. */
async function multiplyByGram(matrix: CsrMatrix, basis: Float64Array, width: number): Promise<Float64Array> {
  const result = new Float64Array(matrix.columnCount * width);
  const scratch = new Float64Array(Math.min(ROWS_PER_BLOCK, matrix.rowCount) * width);
  for (let first = 0; first < matrix.rowCount; first += ROWS_PER_BLOCK) {
    const end = Math.min(first + ROWS_PER_BLOCK, matrix.rowCount);
    multiplyRowsByDense(matrix, first, end, basis, width, scratch);
    addTransposedRowsTimesDense(matrix, first, end, scratch, width, result);
    await yieldToEventLoop();
  }
  return result;
}

function collectTopVectors(
  basis: Float64Array,
  eigenvalues: Float64Array,
  eigenvectors: Float64Array,
  columnCount: number,
  width: number,
  rank: number,
): TruncatedSvd {
  const largest = Math.max(eigenvalues[0] ?? 0, 0);
  const singularValues = new Float64Array(rank);
  let kept = 0;
  // Eigenvalues at rounding-noise level belong to directions the matrix does not have: their vectors stay zero.
  while (kept < Math.min(rank, width) && eigenvalues[kept]! > largest * 1e-12) {
    singularValues[kept] = Math.sqrt(eigenvalues[kept]!);
    kept++;
  }
  // V = Z·E, computed column by column: column t of V is the sum over j of E[j][t] times column j of Z.
  const basisColumns = transpose(basis, columnCount, width);
  const vectorColumns = new Float64Array(rank * columnCount);
  for (let t = 0; t < kept; t++) {
    const target = vectorColumns.subarray(t * columnCount, (t + 1) * columnCount);
    for (let j = 0; j < width; j++) {
      const weight = eigenvectors[j * width + t]!;
      const source = basisColumns.subarray(j * columnCount, (j + 1) * columnCount);
      for (let i = 0; i < columnCount; i++) target[i]! += weight * source[i]!;
    }
  }
  const rightVectors = transpose(vectorColumns, rank, columnCount);
  return { singularValues, rightVectors };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
