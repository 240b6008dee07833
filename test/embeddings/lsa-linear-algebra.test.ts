import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  computeSymmetricEigen,
  multiplyTransposedSymmetric,
  orthonormalizeColumns,
} from "../../src/adapters/embeddings/lsa/dense-linear-algebra.js";
import { computeTruncatedSvd } from "../../src/adapters/embeddings/lsa/randomized-svd.js";
import { createSeededRandom } from "../../src/adapters/embeddings/lsa/seeded-random.js";
import type { CsrMatrix } from "../../src/adapters/embeddings/lsa/sparse-matrix.js";

function randomMatrix(rows: number, columns: number, seed: number): Float64Array {
  const random = createSeededRandom(seed);
  return Float64Array.from({ length: rows * columns }, () => random.nextGaussian());
}

/** A random sparse matrix (about a quarter of the entries non-zero) and the same matrix dense. */
function randomSparse(rows: number, columns: number, seed: number): { sparse: CsrMatrix; dense: Float64Array } {
  const random = createSeededRandom(seed);
  const dense = new Float64Array(rows * columns);
  const rowStart = new Float64Array(rows + 1);
  const columnList: number[] = [];
  const valueList: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      if (random.nextUniform() > 0.25) continue;
      const value = Math.fround(random.nextUniform() * 0.85 ** c); // a decaying spectrum, as text has
      dense[r * columns + c] = value;
      columnList.push(c);
      valueList.push(value);
    }
    rowStart[r + 1] = columnList.length;
  }
  const sparse = {
    rowCount: rows,
    columnCount: columns,
    rowStart,
    columns: Uint32Array.from(columnList),
    values: Float32Array.from(valueList),
  };
  return { sparse, dense };
}

describe("computeSymmetricEigen", () => {
  it("finds eigenpairs that satisfy A·v = λ·v, orthonormal and sorted largest first", () => {
    const size = 24;
    const x = randomMatrix(size, size, 3);
    const symmetric = multiplyTransposedSymmetric(x, x, size, size);
    const { values, vectors } = computeSymmetricEigen(symmetric, size);
    for (let j = 0; j < size; j++) {
      if (j > 0) assert.ok(values[j - 1]! >= values[j]!);
      for (let i = 0; i < size; i++) {
        let av = 0;
        for (let k = 0; k < size; k++) av += symmetric[i * size + k]! * vectors[k * size + j]!;
        assert.ok(Math.abs(av - values[j]! * vectors[i * size + j]!) < 1e-8, `A·v ≠ λ·v at (${i}, ${j})`);
      }
      for (let other = 0; other <= j; other++) {
        let d = 0;
        for (let k = 0; k < size; k++) d += vectors[k * size + j]! * vectors[k * size + other]!;
        assert.ok(Math.abs(d - (other === j ? 1 : 0)) < 1e-10);
      }
    }
  });
});

describe("orthonormalizeColumns", () => {
  it("makes the columns orthonormal and zeroes a column that depends on earlier ones", () => {
    const rows = 50;
    const width = 6;
    const matrix = randomMatrix(rows, width, 5);
    for (let r = 0; r < rows; r++) matrix[r * width + 3] = 2 * matrix[r * width]! - matrix[r * width + 1]!;
    orthonormalizeColumns(matrix, rows, width);
    const gram = multiplyTransposedSymmetric(matrix, matrix, rows, width);
    for (let a = 0; a < width; a++) {
      for (let b = 0; b < width; b++) {
        const expected = a === b && a !== 3 ? 1 : 0;
        assert.ok(Math.abs(gram[a * width + b]! - expected) < 1e-10, `gram[${a}][${b}] = ${gram[a * width + b]}`);
      }
    }
  });
});

describe("computeTruncatedSvd", () => {
  it("finds the top singular values of a sparse matrix, as the eigenvalues of AᵀA give them", async () => {
    const { sparse, dense } = randomSparse(300, 60, 11);
    const rank = 8;
    const svd = await computeTruncatedSvd(sparse, rank, {
      oversampling: 16,
      powerIterations: 3,
      random: createSeededRandom(1),
    });
    const exact = computeSymmetricEigen(multiplyTransposedSymmetric(dense, dense, 300, 60), 60);
    for (let t = 0; t < rank; t++) {
      const expected = Math.sqrt(exact.values[t]!);
      assert.ok(
        Math.abs(svd.singularValues[t]! - expected) < 1e-6 * expected,
        `σ${t}: ${svd.singularValues[t]} vs ${expected}`,
      );
      // ‖A·v‖ = σ for a right singular vector v.
      let squaredNorm = 0;
      for (let r = 0; r < 300; r++) {
        let sum = 0;
        for (let c = 0; c < 60; c++) sum += dense[r * 60 + c]! * svd.rightVectors[c * rank + t]!;
        squaredNorm += sum * sum;
      }
      assert.ok(Math.abs(Math.sqrt(squaredNorm) - expected) < 1e-6 * expected);
    }
  });

  it("leaves directions beyond the rank of the matrix zero", async () => {
    // Rank 2: every row is a multiple of one of two patterns.
    const rows = 40;
    const columns = 10;
    const rowStart = Float64Array.from({ length: rows + 1 }, (_, r) => r * 3);
    const columnList = Array.from({ length: rows }, (_, r) => (r % 2 === 0 ? [0, 1, 2] : [5, 6, 7])).flat();
    const values = Float32Array.from({ length: rows * 3 }, (_, i) => 1 + Math.floor(i / 3));
    const matrix = { rowCount: rows, columnCount: columns, rowStart, columns: Uint32Array.from(columnList), values };
    const svd = await computeTruncatedSvd(matrix, 5, {
      oversampling: 2,
      powerIterations: 1,
      random: createSeededRandom(2),
    });
    assert.ok(svd.singularValues[1]! > 0);
    assert.deepEqual(Array.from(svd.singularValues.subarray(2)), [0, 0, 0]);
    assert.ok(svd.rightVectors.every((value, i) => i % 5 < 2 || value === 0));
  });
});
