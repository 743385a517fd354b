import type { TokenIds } from './encode-plan';
import type { RowOffsets } from './ragged-ids';

/**
 * One split (train, validation or test) of an encoded data set. With `rows`, the split is a view:
 * row `i` of the split is row `rows[i]` of `x`, a matrix shared with the other splits (no copy of
 * the token ids). Without `rows`, `x` holds the split's own rows in order. `y` holds the split's
 * labels in split order either way (4 bytes a row). The matrix is dense (`maxLen` ids a row,
 * padding included) or, with `offsets`, ragged: each row's real ids only, back to back, padded
 * when gathered. Gather batches from it with {@link gatherBatch}.
 */
export interface RowSplit<X extends TokenIds = TokenIds> {
  /**
   * Token ids: row-major, `maxLen` a row (the split's rows, or with `rows` the shared matrix); or
   * with `offsets`, every matrix row's ids without padding, back to back.
   */
  readonly x: X;
  /** [rows of this split, maxLen]. */
  readonly shape: readonly [number, number];
  /** Class label of each row of the split, in split order. */
  readonly y: Int32Array;
  /** The matrix row of each row of the split; absent when `x` holds the split's rows in order. */
  readonly rows?: Int32Array;
  /**
   * Ragged matrix: one entry per matrix row plus one; row r's ids are `x[offsets[r]]` up to (not
   * including) `x[offsets[r + 1]]`, at most `maxLen` of them.
   */
  readonly offsets?: RowOffsets;
  /** Ragged matrix: the side a gathered row is padded on ('pre', the default, as Keras). */
  readonly padding?: 'pre' | 'post';
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
  readonly offsets?: RowOffsets | undefined;
  readonly padding?: 'pre' | 'post' | undefined;
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
  const ragged = encoded.offsets
    ? { offsets: encoded.offsets, padding: encoded.padding ?? ('pre' as const) }
    : {};
  return { x: encoded.x, shape: [indices.length, maxLen], y, rows, ...ragged };
}

/** Rows of the matrix a split may address (`maxLen` ids each, or one per offset but the last). */
export function matrixRows(split: Pick<RowSplit, 'x' | 'shape' | 'offsets'>): number {
  return split.offsets
    ? Math.max(0, split.offsets.length - 1)
    : Math.floor(split.x.length / split.shape[1]);
}

/**
 * The ids stored for matrix row `row` (a view, not a copy): the padded row of a dense matrix, or
 * the real ids of a ragged one. A row outside the matrix, or offsets that do not describe a row of
 * at most `maxLen` ids inside `x`, are refused with a RangeError saying what they are; `where`
 * starts the message.
 */
export function storedRow(
  split: Pick<RowSplit, 'x' | 'shape' | 'offsets'>,
  row: number,
  where = 'storedRow',
): TokenIds {
  const maxLen = split.shape[1];
  const available = matrixRows(split);
  if (!Number.isInteger(row) || row < 0 || row >= available) {
    throw new RangeError(`${where}: matrix row ${row} is outside the matrix's ${available} rows`);
  }
  const { offsets } = split;
  if (!offsets) return split.x.subarray(row * maxLen, (row + 1) * maxLen);
  const start = offsets[row]!;
  const end = offsets[row + 1]!;
  const valid =
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    start >= 0 &&
    end >= start &&
    end - start <= maxLen &&
    end <= split.x.length;
  if (!valid) {
    throw new RangeError(
      `${where}: matrix row ${row} has offsets ${start} to ${end}; each row's offsets must be integers that rise by 0 to ${maxLen} (maxLen) and stay within x's ${split.x.length} ids`,
    );
  }
  return split.x.subarray(start, end);
}

/**
 * Gathers rows `positions` of a split (positions within the split, e.g. a shuffled batch) into
 * an int32 batch, widening compact ids on the way and padding ragged rows to `maxLen` (with 0, on
 * the split's `padding` side), which gives the very rows a dense encoding holds. Give `out`
 * buffers to reuse them between batches (they must hold at least `positions.length` rows). A
 * position outside the split, a split row outside the matrix, or offsets that do not describe a
 * row, is refused with a RangeError that names it.
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
    const source = storedRow(split, row, 'gatherBatch');
    const at = i * maxLen;
    const pad = maxLen - source.length;
    if (pad === 0) {
      x.set(source, at);
    } else if (split.padding === 'post') {
      x.set(source, at);
      x.fill(0, at + source.length, at + maxLen);
    } else {
      x.fill(0, at, at + pad);
      x.set(source, at + pad);
    }
    y[i] = split.y[p]!;
    for (let j = 0; j < source.length; j++) if (source[j] !== 0) nonPaddingTokens++;
  }
  return { x, y, rows: count, maxLen, nonPaddingTokens };
}
