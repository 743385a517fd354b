/** Encoded data splits as the datasets produce them, and the row gathering used for batches. */

/**
 * One encoded split: `n` rows of `maxLen` token ids (0 is padding) stored row-major in `x`, and
 * one integer class label per row in `y`.
 */
export interface EncodedSplit {
  /** Token ids, row-major, length n * maxLen. */
  readonly x: Int32Array;
  /** [n, maxLen]. */
  readonly shape: readonly [number, number];
  /** Class labels in [0, classes), length n. */
  readonly y: Int32Array;
}

/** A batch gathered from a split, ready to become tensors. */
export interface GatheredBatch {
  /** Token ids [rows, maxLen], row-major. */
  readonly x: Int32Array;
  /** Labels, one per row. */
  readonly y: Int32Array;
  readonly rows: number;
  readonly maxLen: number;
  /** How many token ids in `x` are not padding (non-zero). */
  readonly nonPaddingTokens: number;
}

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
  if (split.x.length !== n * maxLen) {
    throw new Error(
      `${name}.x has ${split.x.length} ids but shape [${n}, ${maxLen}] needs n * maxLen = ${n * maxLen}`,
    );
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

/** Copies the given rows of a split into one contiguous batch. */
export function gatherRows(split: EncodedSplit, rows: ArrayLike<number>): GatheredBatch {
  const maxLen = split.shape[1];
  const x = new Int32Array(rows.length * maxLen);
  const y = new Int32Array(rows.length);
  let nonPaddingTokens = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const source = split.x.subarray(row * maxLen, (row + 1) * maxLen);
    x.set(source, i * maxLen);
    y[i] = split.y[row]!;
    for (let j = 0; j < maxLen; j++) if (source[j] !== 0) nonPaddingTokens++;
  }
  return { x, y, rows: rows.length, maxLen, nonPaddingTokens };
}

/** Rows [start, end) in their stored order. */
export function gatherRange(split: EncodedSplit, start: number, end: number): GatheredBatch {
  const rows = new Int32Array(end - start);
  for (let i = 0; i < rows.length; i++) rows[i] = start + i;
  return gatherRows(split, rows);
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
