import type { TokenIds } from './encode-plan';

/**
 * One split (train, validation or test) of an encoded data set. With `rows`, the split is a view:
 * row `i` of the split is row `rows[i]` of `x`, a matrix shared with the other splits (no copy of
 * the token ids). Without `rows`, `x` holds the split's own rows in order. `y` holds the split's
 * labels in split order either way (4 bytes a row). Gather batches from it with
 * {@link gatherBatch}.
 */
export interface RowSplit<X extends TokenIds = TokenIds> {
  /** Token ids, row-major, `maxLen` a row: the split's rows, or with `rows` the shared matrix. */
  readonly x: X;
  /** [rows of this split, maxLen]. */
  readonly shape: readonly [number, number];
  /** Class label of each row of the split, in split order. */
  readonly y: Int32Array;
  /** The matrix row of each row of the split; absent when `x` holds the split's rows in order. */
  readonly rows?: Int32Array;
}

/** A batch gathered from a split: int32 token ids ready to become a tensor. */
export interface GatheredIds {
  /** Token ids [rows, maxLen], row-major. */
  readonly x: Int32Array;
  /** Labels, one per row. */
  readonly y: Int32Array;
  readonly rows: number;
  readonly maxLen: number;
  /** How many ids in `x` are not padding (non-zero). */
  readonly nonPaddingTokens: number;
}

/** The matrix and labels a split is made from (an {@link EncodedDataset}, say). */
export interface EncodedMatrix<X extends TokenIds = TokenIds> {
  readonly x: X;
  readonly shape: readonly [number, number];
  readonly y: Int32Array;
}

/** A split over `encoded` without copying its matrix; `indices` are matrix rows (e.g. from splitIndices). */
export function splitRows<X extends TokenIds>(
  encoded: EncodedMatrix<X>,
  indices: ArrayLike<number>,
): RowSplit<X> & { readonly rows: Int32Array } {
  const [n, maxLen] = encoded.shape;
  const rows = new Int32Array(indices.length);
  const y = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    if (!Number.isInteger(r) || r < 0 || r >= n) {
      throw new RangeError(
        `splitRows: row index ${r} at position ${i} is out of range; expected an integer 0 to ${n - 1}`,
      );
    }
    rows[i] = r;
    y[i] = encoded.y[r]!;
  }
  return { x: encoded.x, shape: [indices.length, maxLen], y, rows };
}

/** Rows of `x` (`maxLen` ids each) a split may address. */
export function matrixRows(split: RowSplit): number {
  return Math.floor(split.x.length / split.shape[1]);
}

/**
 * Gathers rows `positions` of a split (positions within the split, e.g. a shuffled batch) into
 * an int32 batch, widening compact ids on the way. Give `out` buffers to reuse them between
 * batches (they must hold at least `positions.length` rows). A position outside the split, or a
 * split row outside the matrix, is refused with a RangeError that names it.
 */
export function gatherBatch(
  split: RowSplit,
  positions: ArrayLike<number>,
  out?: { x: Int32Array; y: Int32Array },
): GatheredIds {
  const [n, maxLen] = split.shape;
  const count = positions.length;
  const x = out ? out.x.subarray(0, count * maxLen) : new Int32Array(count * maxLen);
  const y = out ? out.y.subarray(0, count) : new Int32Array(count);
  if (x.length < count * maxLen || y.length < count) {
    throw new RangeError(`gatherBatch: out holds fewer than ${count} rows of ${maxLen}`);
  }
  const available = matrixRows(split);
  let nonPaddingTokens = 0;
  for (let i = 0; i < count; i++) {
    const p = positions[i]!;
    if (!Number.isInteger(p) || p < 0 || p >= n) {
      throw new RangeError(
        `gatherBatch: position ${p} at ${i} is out of range; the split has ${n} rows`,
      );
    }
    const row = split.rows ? split.rows[p]! : p;
    if (row < 0 || row >= available) {
      throw new RangeError(
        `gatherBatch: the split's row ${p} is matrix row ${row}, outside the matrix's ${available} rows`,
      );
    }
    const from = row * maxLen;
    const source = split.x.subarray(from, from + maxLen);
    x.set(source, i * maxLen);
    y[i] = split.y[p]!;
    for (let j = 0; j < maxLen; j++) if (source[j] !== 0) nonPaddingTokens++;
  }
  return { x, y, rows: count, maxLen, nonPaddingTokens };
}
