/**
 * The small dense linear algebra the randomized SVD needs, over row-major Float64Arrays: a Gram matrix,
 * Cholesky-based orthonormalisation of tall skinny matrices, and a Jacobi eigensolver for small symmetric matrices.
 */

/** A column whose norm falls below this fraction of its original norm depends on the earlier ones. */
const DEPENDENT_COLUMN_TOLERANCE = 1e-8;
/** Jacobi stops when the off-diagonal mass is this small relative to the whole matrix. */
const JACOBI_CONVERGENCE = 1e-22;
const JACOBI_MAX_SWEEPS = 50;

/**
 * Xᵀ·Y (width × width) for two rows × width row-major matrices whose product is known to be symmetric:
 * only the upper triangle is computed, as dot products of columns (contiguous once transposed), then mirrored.
 */
export function multiplyTransposedSymmetric(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  width: number,
): Float64Array {
  const xColumns = transpose(x, rows, width);
  const yColumns = x === y ? xColumns : transpose(y, rows, width);
  const product = new Float64Array(width * width);
  for (let a = 0; a < width; a++) {
    const column = xColumns.subarray(a * rows, (a + 1) * rows);
    for (let b = a; b < width; b++) {
      const value = dot(column, yColumns.subarray(b * rows, (b + 1) * rows));
      product[a * width + b] = value;
      product[b * width + a] = value;
    }
  }
  return product;
}

/**
 * Makes the columns of `matrix` (rows × width, row-major) orthonormal in place, spanning the same space, by modified
 * Gram–Schmidt on its transpose. Columns that depend on earlier ones become zero instead of amplified noise.
 * @see Golub & Van Loan, Matrix Computations, §5.2.8 (modified Gram–Schmidt)
 */
export function orthonormalizeColumns(matrix: Float64Array, rows: number, width: number): void {
  const columns = transpose(matrix, rows, width);
  const isKept: boolean[] = [];
  for (let j = 0; j < width; j++) {
    const column = columns.subarray(j * rows, (j + 1) * rows);
    const originalNorm = Math.sqrt(dot(column, column));
    for (let p = 0; p < j; p++) {
      if (!isKept[p]) continue;
      const earlier = columns.subarray(p * rows, (p + 1) * rows);
      subtractScaled(column, dot(earlier, column), earlier);
    }
    const norm = Math.sqrt(dot(column, column));
    isKept[j] = norm > DEPENDENT_COLUMN_TOLERANCE * originalNorm && norm > 0;
    if (isKept[j]) for (let i = 0; i < rows; i++) column[i]! /= norm;
    else column.fill(0);
  }
  matrix.set(transpose(columns, width, rows));
}

/** The transpose of a rows × columns row-major matrix. */
export function transpose(matrix: Float64Array, rows: number, columns: number): Float64Array {
  const result = new Float64Array(rows * columns);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) result[c * rows + r] = matrix[r * columns + c]!;
  return result;
}

// Four partial sums let the CPU overlap the multiply-adds; this loop is most of the training time.
function dot(a: Float64Array, b: Float64Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = a.length;
  const n4 = n - (n % 4);
  let i = 0;
  for (; i < n4; i += 4) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
    s2 += a[i + 2]! * b[i + 2]!;
    s3 += a[i + 3]! * b[i + 3]!;
  }
  for (; i < n; i++) s0 += a[i]! * b[i]!;
  return s0 + s1 + s2 + s3;
}

/** target -= scale · source */
function subtractScaled(target: Float64Array, scale: number, source: Float64Array): void {
  if (scale === 0) return;
  for (let i = 0; i < target.length; i++) target[i]! -= scale * source[i]!;
}

export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  readonly values: Float64Array;
  /** size × size, row-major; column j is the unit eigenvector of values[j]. */
  readonly vectors: Float64Array;
}

/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations: slow for large matrices
 * (O(n³) per sweep) but simple, robust and accurate, which is what a few-hundred-square matrix needs.
 * @see Golub & Van Loan, Matrix Computations, §8.5 (the symmetric Jacobi method)
 */
export function computeSymmetricEigen(symmetric: Float64Array, size: number): SymmetricEigen {
  const a = Float64Array.from(symmetric);
  const v = new Float64Array(size * size);
  for (let i = 0; i < size; i++) v[i * size + i] = 1;
  let total = 0;
  for (const value of a) total += value * value;
  for (let sweep = 0; sweep < JACOBI_MAX_SWEEPS; sweep++) {
    if (offDiagonalMass(a, size) <= JACOBI_CONVERGENCE * total) break;
    for (let p = 0; p < size - 1; p++) for (let q = p + 1; q < size; q++) rotateToZero(a, v, size, p, q);
  }
  return sortEigenpairs(a, v, size);
}

function offDiagonalMass(a: Float64Array, size: number): number {
  let sum = 0;
  for (let i = 0; i < size; i++) for (let j = i + 1; j < size; j++) sum += 2 * a[i * size + j]! ** 2;
  return sum;
}

/** Applies the rotation in the (p, q) plane that zeroes a[p][q]: A ← JᵀAJ, V ← VJ. */
function rotateToZero(a: Float64Array, v: Float64Array, size: number, p: number, q: number): void {
  const apq = a[p * size + q]!;
  if (apq === 0) return;
  const theta = (a[q * size + q]! - a[p * size + p]!) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < size; k++) {
    const akp = a[k * size + p]!;
    const akq = a[k * size + q]!;
    a[k * size + p] = c * akp - s * akq;
    a[k * size + q] = s * akp + c * akq;
  }
  for (let k = 0; k < size; k++) {
    const apk = a[p * size + k]!;
    const aqk = a[q * size + k]!;
    a[p * size + k] = c * apk - s * aqk;
    a[q * size + k] = s * apk + c * aqk;
  }
  for (let k = 0; k < size; k++) {
    const vkp = v[k * size + p]!;
    const vkq = v[k * size + q]!;
    v[k * size + p] = c * vkp - s * vkq;
    v[k * size + q] = s * vkp + c * vkq;
  }
}

function sortEigenpairs(a: Float64Array, v: Float64Array, size: number): SymmetricEigen {
  const order = Array.from({ length: size }, (_, i) => i).sort((i, j) => a[j * size + j]! - a[i * size + i]!);
  const values = new Float64Array(size);
  const vectors = new Float64Array(size * size);
  order.forEach((from, to) => {
    values[to] = a[from * size + from]!;
    for (let k = 0; k < size; k++) vectors[k * size + to] = v[k * size + from]!;
  });
  return { values, vectors };
}
