/** A matrix stored row-major inside a flat array: element (i, j) is at `offset + i * stride + j`. */
export interface MatrixView {
  data: Float32Array;
  offset: number;
  stride: number;
}

/** out[rows, cols] = a[rows, inner] · B[inner, cols]. */
export function multiply(
  out: Float32Array,
  a: Float32Array,
  b: MatrixView,
  rows: number,
  inner: number,
  cols: number,
): void {
  const { data, offset, stride } = b;
  out.fill(0, 0, rows * cols);
  for (let r = 0; r < rows; r += 1) {
    const outRow = r * cols;
    for (let k = 0; k < inner; k += 1) {
      const x = a[r * inner + k]!;
      if (x === 0) continue;
      const bRow = offset + k * stride;
      for (let c = 0; c < cols; c += 1) out[outRow + c] = out[outRow + c]! + x * data[bRow + c]!;
    }
  }
}

/** out[rows, cols] = a[rows, inner] · B[cols, inner]ᵀ (dot products of rows). */
export function multiplyTransposed(
  out: Float32Array,
  a: Float32Array,
  b: MatrixView,
  rows: number,
  inner: number,
  cols: number,
): void {
  const { data, offset, stride } = b;
  for (let r = 0; r < rows; r += 1) {
    const aRow = r * inner;
    for (let c = 0; c < cols; c += 1) {
      let sum = 0;
      const bRow = offset + c * stride;
      for (let k = 0; k < inner; k += 1) sum += a[aRow + k]! * data[bRow + k]!;
      out[r * cols + c] = sum;
    }
  }
}
