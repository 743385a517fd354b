import * as tf from '@tensorflow/tfjs';
import { lookupRecordOf, type LookupRecord } from './looked-up-rows';

/**
 * When at most this fraction of the rows are distinct tokens, each distinct token is projected
 * once. The distinct path adds one gather and, in the gradient, one segment sum of the projected
 * width: at the paper's sizes on wasm (batch 32, T = 512) about 4 ms, what the three products
 * (forward, input and weight gradients) take for a tenth of the rows. So it pays below about 0.9
 * distinct; 0.85 leaves a margin.
 */
export const DISTINCT_ROWS_LIMIT = 0.85;

/**
 * The distinct ids in first-seen order, and for every row the index of its id among them;
 * undefined when an id is outside [0, vocabulary) (the plain path then reports it as tf.gather does).
 */
export function distinctIds(
  ids: Int32Array,
  vocabulary: number,
): { distinct: Int32Array; position: Int32Array } | undefined {
  // slotOf[id] - 1 is the id's index among the distinct ids (0 = not seen yet).
  const slotOf = new Int32Array(vocabulary);
  const position = new Int32Array(ids.length);
  const distinct = new Int32Array(Math.min(ids.length, vocabulary));
  let count = 0;
  for (let row = 0; row < ids.length; row += 1) {
    const id = ids[row]!;
    if (!(id >= 0 && id < vocabulary)) return undefined;
    let slot = slotOf[id]!;
    if (slot === 0) {
      distinct[count] = id;
      count += 1;
      slot = count;
      slotOf[id] = slot;
    }
    position[row] = slot - 1;
  }
  return { distinct: distinct.subarray(0, count), position };
}

/**
 * `table[ids] · kernel + bias` computed for each distinct id once: `[rows, width]`. The gradient
 * sums each row's gradient into its id's row first, so every product works on the distinct rows
 * only. Exact: the same sums, in a different order. A frozen table (a variable that is not
 * trainable, e.g. a fixed pre-trained embedding) is no input of the gradient, so its gradient (a
 * product and a scatter over the vocabulary) is not computed: tf.customGrad computes every input's
 * gradient whether or not it is asked for.
 */
function projectDistinct(
  record: LookupRecord,
  distinct: Int32Array,
  position: Int32Array,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
): tf.Tensor2D {
  const { table } = record;
  const vocabulary = table.shape[0];
  const frozen = table instanceof tf.Variable && !table.trainable;
  const project = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [weights, offsets] = args.slice(frozen ? 0 : 1, -1) as [tf.Tensor2D, tf.Tensor1D];
    const distinctIds = tf.tensor1d(distinct, 'int32');
    const rowPositions = tf.tensor1d(position, 'int32');
    const distinctRows = tf.gather(table, distinctIds) as tf.Tensor2D;
    const projected = tf.add(tf.matMul(distinctRows, weights), offsets);
    save([distinctRows, weights, distinctIds, rowPositions]);
    return {
      value: tf.gather(projected, rowPositions) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [rows, savedWeights, ids, positions] = saved as [
          tf.Tensor2D,
          tf.Tensor2D,
          tf.Tensor1D,
          tf.Tensor1D,
        ];
        const perId = tf.unsortedSegmentSum(dy as tf.Tensor2D, positions, rows.shape[0]);
        const kernelAndBias = [tf.matMul(rows, perId, true, false), tf.sum(perId, 0)];
        if (frozen) return kernelAndBias;
        const tableGradient = tf.unsortedSegmentSum(
          tf.matMul(perId, savedWeights, false, true),
          ids,
          vocabulary,
        );
        return [tableGradient, ...kernelAndBias];
      },
    };
  });
  const inputs = frozen ? [kernel, bias] : [table, kernel, bias];
  return project(...inputs) as tf.Tensor2D;
}

/**
 * A cell's input projection: `inputs` [..., features] as rows, times `kernel` [features, width],
 * plus `bias` [width], returned as [rows, width]. When `inputs` came from an embedding lookup
 * ({@link lookUpRows}) and few enough of its tokens are distinct ({@link DISTINCT_ROWS_LIMIT}),
 * each distinct token is projected once, forward and backward: the same result, with less work
 * the more the tokens repeat (natural text repeats most of them). Gradients flow to the table
 * (unless it is a variable that is not trainable).
 */
export function projectRows(
  inputs: tf.Tensor,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
): tf.Tensor2D {
  const features = kernel.shape[0];
  const record = lookupRecordOf(inputs);
  if (record !== undefined && record.table.shape[1] === features) {
    const found = distinctIds(record.ids, record.table.shape[0]);
    if (found !== undefined && found.distinct.length <= DISTINCT_ROWS_LIMIT * record.ids.length) {
      return projectDistinct(record, found.distinct, found.position, kernel, bias);
    }
  }
  return tf.tidy(() => tf.add(tf.matMul(tf.reshape(inputs, [-1, features]), kernel), bias));
}
