import {
  resolvePadOptions,
  resolveRowPadOptions,
  type PadOptions,
  type ResolvedRowPadOptions,
  type RowPadOptions,
} from './options';

/** A padded batch: `shape[0]` rows of `shape[1]` ids, row-major in one typed array. */
export interface PaddedBatch {
  data: Int32Array;
  shape: [number, number];
}

/**
 * Writes one sequence into `row` with Keras `pad_sequences` semantics for `maxlen = row.length`:
 * a long sequence loses its first tokens (`truncating: 'pre'`) or its last ones ('post'); a short one
 * is padded with `value` before it (`padding: 'pre'`) or after it ('post').
 *
 * @returns the number of real tokens written, `min(sequence.length, row.length)`.
 */
export function padInto(sequence: ArrayLike<number>, row: IdRow, options?: RowPadOptions): number {
  if (!isIdRow(row)) {
    throw new TypeError(
      'padInto: row must be an Int32Array or Uint16Array (e.g. a subarray of the batch matrix)',
    );
  }
  const resolved = resolveRowPadOptions(options, 'padInto options');
  return writeRow(sequence, row, resolved, 'padInto: sequence');
}

/** A row of a token matrix: Int32Array, or Uint16Array for vocabularies up to 65,535 ids. */
export type IdRow = Int32Array | Uint16Array;

/** Whether `row` is a typed array that can hold a matrix row of ids. */
export function isIdRow(row: unknown): row is IdRow {
  return row instanceof Int32Array || row instanceof Uint16Array;
}

/** The shared row writer; `what` names the sequence in error messages. */
export function writeRow(
  sequence: ArrayLike<number>,
  row: IdRow,
  { padding, truncating, value }: ResolvedRowPadOptions,
  what: string,
): number {
  const maxLen = row.length;
  const length = sequence.length;
  const kept = length < maxLen ? length : maxLen;
  const from = truncating === 'pre' ? length - kept : 0;
  const to = padding === 'pre' ? maxLen - kept : 0;
  if (row instanceof Uint16Array) {
    // A Uint16Array would wrap an id past 65,535 silently: check every one.
    if (value < 0 || value > 0xffff) {
      throw new RangeError(
        `${what}: the padding value ${value} does not fit a Uint16Array row (0 to 65535)`,
      );
    }
    for (let k = 0; k < kept; k++) {
      const id = sequence[from + k] as number;
      if (!(id >= 0 && id <= 0xffff && (id | 0) === id)) {
        throw new RangeError(
          `${what} holds ${String(id)} at position ${from + k}; a Uint16Array row holds integers 0 to 65535`,
        );
      }
      row[to + k] = id;
    }
  } else if (sequence instanceof Int32Array) {
    row.set(sequence.subarray(from, from + kept), to);
  } else {
    for (let k = 0; k < kept; k++) {
      const id = sequence[from + k] as number;
      if ((id | 0) !== id) {
        throw new RangeError(
          `${what} holds ${String(id)} at position ${from + k}; ids must be int32 integers`,
        );
      }
      row[to + k] = id;
    }
  }
  if (padding === 'pre') row.fill(value, 0, to);
  else row.fill(value, kept);
  return kept;
}

/**
 * Pads or truncates sequences to one length, like Keras `pad_sequences` with its defaults
 * (`maxLen` = the longest sequence, `padding: 'pre'`, `truncating: 'pre'`, `value: 0`).
 *
 * @returns the batch as one row-major Int32Array with shape `[sequences.length, maxLen]`.
 */
export function padSequences(sequences: ArrayLike<number>[], options?: PadOptions): PaddedBatch {
  if (!Array.isArray(sequences)) {
    throw new TypeError(
      'padSequences: sequences must be an array of number arrays or typed arrays',
    );
  }
  const { maxLen: requested, ...rowOptions } = resolvePadOptions(options);
  let maxLen = 0;
  for (let r = 0; r < sequences.length; r++) {
    const sequence = sequences[r];
    if (sequence === null || typeof sequence !== 'object' || typeof sequence.length !== 'number') {
      throw new TypeError(
        `padSequences: sequences[${r}] must be an array or typed array of ids, got ${sequence === null ? 'null' : typeof sequence}`,
      );
    }
    if (sequence.length > maxLen) maxLen = sequence.length;
  }
  if (requested !== null) maxLen = requested;
  const rows = sequences.length;
  const data = new Int32Array(rows * maxLen);
  for (let r = 0; r < rows; r++) {
    const row = data.subarray(r * maxLen, (r + 1) * maxLen);
    writeRow(sequences[r] as ArrayLike<number>, row, rowOptions, `padSequences: sequences[${r}]`);
  }
  return { data, shape: [rows, maxLen] };
}
