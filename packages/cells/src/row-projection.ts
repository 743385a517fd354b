import * as tf from '@tensorflow/tfjs';
import { gatherRows } from '@srnn/row-gradients';
import { gathersCheaply } from './host-backend';

/**
 * When at most this fraction of the rows are distinct tokens, each distinct token is projected
 * once. The distinct path adds gathers and, in the gradient, segment sums: at the paper's sizes on
 * wasm (batch 32, T = 512) about what the three products (forward, input and weight gradients)
 * take for a tenth of the rows. So it pays below about 0.9 distinct; 0.85 leaves a margin.
 */
export const DISTINCT_ROWS_LIMIT = 0.85;

/**
 * For rows labelled by `ids`: the first row of every distinct id, in first-seen order, and for
 * every row the index of its id among them; undefined when an id is negative (not a token).
 */
export function distinctRows(
  ids: Int32Array,
): { first: Int32Array; position: Int32Array } | undefined {
  let largest = -1;
  for (const id of ids) {
    if (id < 0) return undefined;
    if (id > largest) largest = id;
  }
  // slotOf[id] - 1 is the id's index among the distinct ids (0 = not seen yet).
  const slotOf = new Int32Array(largest + 1);
  const position = new Int32Array(ids.length);
  const first = new Int32Array(Math.min(ids.length, largest + 1));
  let count = 0;
  for (let row = 0; row < ids.length; row += 1) {
    const id = ids[row]!;
    let slot = slotOf[id]!;
    if (slot === 0) {
      first[count] = row;
      count += 1;
      slot = count;
      slotOf[id] = slot;
    }
    position[row] = slot - 1;
  }
  return { first: first.subarray(0, count), position };
}

/**
 * A cell's input projection: `inputs` [..., features] as rows, times `kernel` [features, width],
 * plus `bias` [width], returned as [rows, width].
 *
 * With `tokenIds` (one int id per row; the caller states that rows with equal ids are equal, as
 * they are straight out of an embedding lookup) and few enough distinct ids
 * ({@link DISTINCT_ROWS_LIMIT}), each distinct token's row is projected once and the result
 * gathered back: the same values, and, through the embedding's own gather, the same gradients for
 * the table, kernel and bias (each token's rows' gradients are summed before the products). The
 * gradient with respect to `inputs` itself then sits on the first row of each token only, so take
 * gradients with respect to the looked-up tensor without `tokenIds`. The ids are read only where
 * gathering is cheap ({@link gathersCheaply}: host backends, and in training one-pass scatters);
 * GPU backends take the plain path rather than stall.
 *
 * With `tokenTable` too (the table `inputs` were looked up in: row i is `tokenTable[tokenIds[i]]`),
 * the distinct rows are read from the table, so its gradient arrives as one row per distinct token
 * and none reaches `inputs` on this path; the values and the table's gradient are the same. With
 * both, `inputs` may be a placeholder `[..., 0]` (no features): every row is then read from the
 * table, and nothing need be looked up beforehand.
 */
export function projectRows(
  inputs: tf.Tensor,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  tokenIds?: tf.Tensor,
  tokenTable?: tf.Tensor2D,
): tf.Tensor2D {
  const features = kernel.shape[0];
  // A placeholder [..., 0] in place of the looked-up rows: they are read from the table here.
  const placeholder = features > 0 && inputs.shape[inputs.rank - 1] === 0;
  if (placeholder && (tokenIds === undefined || tokenTable === undefined)) {
    throw new Error(
      `projectRows: the inputs have no features (shape [${inputs.shape.join(', ')}]) but the kernel takes ${features}; give the rows, or the tokenIds and tokenTable to read them from`,
    );
  }
  const rowCount = placeholder
    ? inputs.shape.slice(0, -1).reduce((n, d) => n * d, 1)
    : inputs.size / features;
  return tf.tidy(() => {
    if (tokenIds !== undefined && tokenIds.size !== rowCount) {
      throw new Error(
        `projectRows: tokenIds has ${tokenIds.size} ids for ${rowCount} rows; give one id per row`,
      );
    }
    if (tokenTable !== undefined && tokenTable.shape[1] !== features) {
      throw new Error(
        `projectRows: tokenTable rows have ${tokenTable.shape[1]} features but the kernel takes ${features}; give the table the rows were looked up in`,
      );
    }
    // The ids as numbers, where reading them is cheap.
    let idValues: Int32Array | undefined;
    if (tokenIds !== undefined && gathersCheaply()) {
      const ids = tokenIds.dtype === 'int32' ? tokenIds : tf.cast(tokenIds, 'int32');
      idValues = ids.dataSync() as Int32Array;
      const found = distinctRows(idValues);
      if (found !== undefined && found.first.length <= DISTINCT_ROWS_LIMIT * rowCount) {
        // Read from the table through gatherRows: a training step may take its gradient as rows.
        const distinct =
          tokenTable === undefined
            ? tf.gather(tf.reshape(inputs, [-1, features]), tf.tensor1d(found.first, 'int32'))
            : gatherRows(
                tokenTable,
                found.first.map((row) => idValues![row]!),
              );
        const projected = tf.add(tf.matMul(distinct, kernel), bias);
        return tf.gather(projected, tf.tensor1d(found.position, 'int32')) as tf.Tensor2D;
      }
    }
    const rows = !placeholder
      ? tf.reshape(inputs, [-1, features])
      : idValues !== undefined
        ? gatherRows(tokenTable!, idValues)
        : tf.gather(tokenTable!, tf.reshape(tf.cast(tokenIds!, 'int32'), [-1]));
    return tf.add(tf.matMul(rows, kernel), bias) as tf.Tensor2D;
  });
}
