/** Encoded data splits as the datasets produce them, and the row gathering used for batches. */
import {
  gatherBatch,
  matrixRows,
  type GatheredIds,
  type RowSplit,
  type TokenIds,
} from '@srnn/datasets';

/**
 * One encoded split: `n` rows of `maxLen` token ids (0 is padding) and one integer class label
 * per row in `y`. The ids are Int32Array, or Uint16Array when the vocabulary fits (half the
 * memory). Either `x` holds the split's rows in order, or `rows` says which rows of `x`, a matrix
 * shared with the other splits, make up the split (no copy). With `offsets` the matrix is ragged:
 * `x` holds each row's real ids only, padded when gathered. Batches are gathered from it on the
 * fly ({@link gatherRows}), widened to the int32 the model takes. `EncodedSplit<Int32Array>` is
 * a split whose ids are int32.
 */
export type EncodedSplit<X extends TokenIds = TokenIds> = RowSplit<X>;

/** A batch gathered from a split, ready to become tensors. */
export type GatheredBatch = GatheredIds;

/**
 * Checks a split's sizes and labels, throwing an error that names the split and the bad field.
 * @param name the split's name for messages, e.g. 'train'.
 * @param classes when given, every label must lie in [0, classes).
 */
export function assertValidSplit(name: string, split: EncodedSplit, classes?: number): void {
  const [n, maxLen] = split.shape;
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(maxLen) || maxLen < 1) {
    throw new Error(
      `${name}.shape must be [n, maxLen] with positive integers, got ${JSON.stringify(split.shape)}`,
    );
  }
  if (split.offsets !== undefined) {
    assertOffsets(name, split);
  } else if (split.rows === undefined && split.x.length !== n * maxLen) {
    throw new Error(
      `${name}.x has ${split.x.length} ids but shape [${n}, ${maxLen}] needs n * maxLen = ${n * maxLen}`,
    );
  } else if (split.rows !== undefined && split.x.length % maxLen !== 0) {
    throw new Error(
      `${name}.x has ${split.x.length} ids, not a whole number of rows of maxLen = ${maxLen}`,
    );
  }
  const available = matrixRows(split);
  if (split.rows !== undefined) {
    if (split.rows.length !== n) {
      throw new Error(`${name}.rows has ${split.rows.length} rows but shape says n = ${n}`);
    }
    for (let i = 0; i < n; i++) {
      const row = split.rows[i]!;
      if (row < 0 || row >= available) {
        throw new Error(
          `${name}.rows[${i}] = ${row} is outside the matrix: x holds ${available} rows, so rows must be in [0, ${available - 1}]`,
        );
      }
    }
  } else if (available !== n) {
    throw new Error(`${name}.offsets describe ${available} rows but shape says n = ${n}`);
  }
  if (split.y.length !== n) {
    throw new Error(`${name}.y has ${split.y.length} labels but shape says n = ${n} rows`);
  }
  if (classes !== undefined) {
    for (let i = 0; i < n; i++) {
      const label = split.y[i]!;
      if (label < 0 || label >= classes) {
        throw new Error(
          `${name}.y[${i}] = ${label} is not a valid class: the model has ${classes} outputs, so labels must be in [0, ${classes - 1}]`,
        );
      }
    }
  }
}

/** Checks that a ragged split's offsets describe rows of at most maxLen ids inside `x`. */
function assertOffsets(name: string, split: EncodedSplit): void {
  const offsets = split.offsets!;
  const maxLen = split.shape[1];
  if (offsets.length < 1 || offsets[0] !== 0) {
    throw new Error(`${name}.offsets must start with 0 (one entry per matrix row, plus one)`);
  }
  for (let r = 0; r + 1 < offsets.length; r++) {
    const start = offsets[r]!;
    const end = offsets[r + 1]!;
    if (!Number.isInteger(end) || end < start || end - start > maxLen || end > split.x.length) {
      throw new Error(
        `${name}.offsets[${r + 1}] = ${end} after ${start}: each row's offsets must be integers that rise by 0 to ${maxLen} (maxLen) and stay within x's ${split.x.length} ids`,
      );
    }
  }
}

/**
 * Gathers the given rows of a split (positions within the split) into one contiguous int32
 * batch; give `out` buffers to reuse them between batches.
 */
export function gatherRows(
  split: EncodedSplit,
  rows: ArrayLike<number>,
  out?: { x: Int32Array; y: Int32Array },
): GatheredBatch {
  return gatherBatch(split, rows, out);
}

/** Rows [start, end) in their split order. */
export function gatherRange(
  split: EncodedSplit,
  start: number,
  end: number,
  out?: { x: Int32Array; y: Int32Array },
): GatheredBatch {
  const n = split.shape[0];
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > n) {
    throw new RangeError(
      `gatherRange: rows [${start}, ${end}) are not a range of the split's ${n} rows; give integers with 0 <= start <= end <= ${n}`,
    );
  }
  const rows = new Int32Array(end - start);
  for (let i = 0; i < rows.length; i++) rows[i] = start + i;
  return gatherRows(split, rows, out);
}

/** Checks the splits of a training run against the model and each other. */
export function assertTrainingSplits(
  splits: { train: EncodedSplit; validation: EncodedSplit; test?: EncodedSplit | undefined },
  classes: number,
): void {
  const { train, validation, test } = splits;
  assertValidSplit('train', train, classes);
  assertValidSplit('validation', validation, classes);
  if (test) assertValidSplit('test', test, classes);
  for (const [name, split] of [
    ['validation', validation],
    ['test', test],
  ] as const) {
    if (split && split.shape[1] !== train.shape[1]) {
      throw new Error(
        `${name}.shape[1] (maxLen) is ${split.shape[1]} but train's is ${train.shape[1]}: all splits must be padded to the same length`,
      );
    }
  }
}
