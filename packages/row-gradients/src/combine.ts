import * as tf from '@tensorflow/tfjs';

/**
 * A table's gradient as rows: row `ids[i]` has gradient `values[i]`, every other row zero. The
 * ids are distinct. The dense gradient tf.gather's gradient would have made is zeros with each
 * row added in: `0 + values[i]` (which is `values[i]` except that a -0 becomes +0).
 */
export interface RowGradient {
  readonly ids: Int32Array;
  /** `[ids.length, width]`. */
  readonly values: tf.Tensor2D;
}

/** The gradient one lookup gave: `values[i]` for row `ids[i]`; ids may repeat. */
export interface RowContribution {
  readonly ids: Int32Array;
  readonly values: tf.Tensor2D;
}

/** Whether every id occurs once. */
function distinct(ids: Int32Array, rows: number): boolean {
  const seen = new Uint8Array(rows);
  for (const id of ids) {
    if (seen[id] === 1) return false;
    seen[id] = 1;
  }
  return true;
}

/** Checks that every id is a row of a table of `rows` rows; names the first that is not. */
export function checkIds(ids: Int32Array, rows: number): void {
  for (let i = 0; i < ids.length; i += 1) {
    const id = ids[i]!;
    if (!(id >= 0 && id < rows)) {
      throw new RangeError(
        `row gradients: id ${id} at position ${i} is not a row of a table of ${rows} rows; ids must be in [0, ${rows})`,
      );
    }
  }
}

/**
 * The rows of the gradient the contributions add up to, with the very bits of the dense gradient
 * tf.gather's gradients would have made and the tape summed: each contribution scattered into zeros
 * (repeated ids added in order), the contributions added in the order given (the order the tape
 * computed them in). One contribution with distinct ids is returned as it is.
 */
export function combineRows(contributions: readonly RowContribution[], rows: number): RowGradient {
  if (contributions.length === 0) throw new Error('combineRows: no contributions to combine');
  for (const c of contributions) {
    checkIds(c.ids, rows);
    if (c.values.rank !== 2 || c.values.shape[0] !== c.ids.length) {
      throw new Error(
        `combineRows: values of shape [${c.values.shape.join(', ')}] for ${c.ids.length} ids; expected [${c.ids.length}, width]`,
      );
    }
  }
  const [only] = contributions;
  if (contributions.length === 1 && distinct(only!.ids, rows)) return only!;
  // The union of the ids, in first-seen order, and each contribution's positions in it.
  const slotOf = new Int32Array(rows).fill(-1);
  const union: number[] = [];
  const positions = contributions.map(({ ids }) =>
    ids.map((id) => {
      if (slotOf[id] === -1) {
        slotOf[id] = union.length;
        union.push(id);
      }
      return slotOf[id]!;
    }),
  );
  const values = tf.tidy(() => {
    let sum: tf.Tensor2D | undefined;
    contributions.forEach((c, i) => {
      const scattered = tf.unsortedSegmentSum(
        c.values,
        tf.tensor1d(positions[i]!, 'int32'),
        union.length,
      );
      sum = sum === undefined ? scattered : tf.add<tf.Tensor2D>(sum, scattered);
    });
    return sum!;
  });
  return { ids: Int32Array.from(union), values };
}

/** The dense `[rows, width]` gradient of `gradient`: its rows scattered into zeros. */
export function denseGradient(gradient: RowGradient, rows: number): tf.Tensor2D {
  checkIds(gradient.ids, rows);
  return tf.tidy(() =>
    tf.unsortedSegmentSum(gradient.values, tf.tensor1d(gradient.ids, 'int32'), rows),
  );
}
