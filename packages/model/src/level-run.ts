// Running one SRNN level over all its sequences at once: optionally only the sequences that hold a
// real token (gathered into a compact batch, their states scattered back, zeros for the others),
// forwards and optionally backwards, each sequence's last state or its attention-pooled states.
import * as tf from '@tensorflow/tfjs';
import type { EncodeOptions, SequenceEncoderLayer } from '@srnn/cells';
import type { AttentionPooling } from './attention-pooling';
import type { Merge } from './level-config';

/** The layers of one level. */
export interface LevelLayers {
  forward: SequenceEncoderLayer;
  backward?: SequenceEncoderLayer;
  attention?: AttentionPooling;
  merge: Merge;
  /** Width of the level's output. */
  width: number;
}

/** One level's input. */
export interface LevelInput {
  /** `[sequences, steps, features]`. */
  sequences: tf.Tensor3D;
  /** The token id of every step (level 0 only), `[sequences, steps]`. */
  tokenIds?: tf.Tensor2D;
  /** With `tokenIds`: the embedding table `sequences` were looked up in (see EncodeOptions). */
  tokenTable?: tf.Tensor2D;
  /** Which steps are real (skipping padding only), 1 or 0, `[sequences, steps]`. */
  stepMask?: tf.Tensor2D;
}

/** One level's output. */
export interface LevelOutput {
  /** `[sequences, width]`; zeros for sequences without a real step when skipping. */
  states: tf.Tensor2D;
  /** `[sequences, steps]` attention weights (levels with attention). */
  attention?: tf.Tensor2D;
}

function merged(forward: tf.Tensor, backward: tf.Tensor | undefined, merge: Merge): tf.Tensor {
  if (backward === undefined) return forward;
  if (merge === 'concat') return tf.concat([forward, backward], -1);
  const sum = tf.add(forward, backward);
  return merge === 'sum' ? sum : tf.mul(sum, 0.5);
}

/** Runs the level's encoders (and pooling) over every sequence of `input`. */
function runAll(layers: LevelLayers, input: LevelInput): LevelOutput {
  const { sequences, tokenIds, tokenTable, stepMask } = input;
  const common: EncodeOptions = { states: layers.attention === undefined ? 'last' : 'every' };
  if (tokenIds !== undefined) common.tokenIds = tokenIds;
  if (tokenIds !== undefined && tokenTable !== undefined) common.tokenTable = tokenTable;
  const forward = layers.forward.encode(sequences, common);
  const backward = layers.backward?.encode(sequences, { ...common, direction: 'backward' });
  const encoded = merged(forward, backward, layers.merge);
  if (layers.attention === undefined) return { states: encoded as tf.Tensor2D };
  const { pooled, weights } = layers.attention.pool(encoded as tf.Tensor3D, stepMask);
  return { states: pooled, attention: weights };
}

/**
 * Runs one level. With `present` (one flag per sequence: holds a real token), only those
 * sequences run, as one compact batch; the others get zero states and zero attention.
 */
export function runLevel(
  layers: LevelLayers,
  input: LevelInput,
  present?: Uint8Array,
): LevelOutput {
  // tidy keeps the tensors of the returned object (its type has no index signature, hence the casts).
  return tf.tidy((): tf.TensorContainer => {
    if (present === undefined) return runAll(layers, input) as unknown as tf.TensorContainer;
    const count = input.sequences.shape[0];
    const kept: number[] = [];
    // slot[i]: 0 for a skipped sequence (row 0 of the zeros below), else 1 + its compact index.
    const slot = new Int32Array(count);
    present.forEach((flag, i) => {
      if (flag === 1) {
        kept.push(i);
        slot[i] = kept.length;
      }
    });
    if (kept.length === count) return runAll(layers, input) as unknown as tf.TensorContainer;
    const steps = input.sequences.shape[1];
    if (kept.length === 0) {
      const states = tf.zeros([count, layers.width]) as tf.Tensor2D;
      return layers.attention === undefined
        ? { states }
        : { states, attention: tf.zeros([count, steps]) };
    }
    const keptIndex = tf.tensor1d(kept, 'int32');
    const pick = <T extends tf.Tensor>(t: T | undefined): T | undefined =>
      t === undefined ? undefined : (tf.gather(t, keptIndex) as T);
    const compact: LevelInput = { sequences: pick(input.sequences)! };
    const ids = pick(input.tokenIds);
    const mask = pick(input.stepMask);
    if (ids !== undefined) compact.tokenIds = ids;
    // The table is not per sequence: the compact rows are still its rows.
    if (input.tokenTable !== undefined) compact.tokenTable = input.tokenTable;
    if (mask !== undefined) compact.stepMask = mask;
    const result = runAll(layers, compact);
    const slots = tf.tensor1d(slot, 'int32');
    const scatter = (t: tf.Tensor2D): tf.Tensor2D =>
      tf.gather(tf.concat([tf.zeros([1, t.shape[1]]), t], 0), slots) as tf.Tensor2D;
    const states = scatter(result.states);
    return result.attention === undefined
      ? { states }
      : { states, attention: scatter(result.attention) };
  }) as unknown as LevelOutput;
}
