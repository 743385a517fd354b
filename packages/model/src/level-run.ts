// Running one SRNN level over all its sequences at once: optionally only some of them (one of each
// group of equal sequences, none without a real token when skipping padding), gathered into a
// compact batch, their states spread back (zeros for sequences that did not run),
// forwards and optionally backwards, each sequence's last state or its attention-pooled states.
import * as tf from '@tensorflow/tfjs';
import type { EncodeOptions, SequenceEncoderLayer } from '@srnn/cells';
import type { AttentionPooling } from './attention-pooling';
import type { Merge } from './level-config';
import type { LevelRuns } from './level-runs';
import { lookUpRows } from './token-embedding';

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
  /**
   * `[sequences, steps, features]`. Left out at level 0 when the embedding deferred its lookup:
   * the rows are then read from `tokenTable` by `tokenIds`, for the sequences that run only.
   */
  sequences?: tf.Tensor3D;
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

/**
 * The level's sequences. When the input holds ids only: a placeholder `[sequences, steps, 0]` if
 * every encoder of the level reads its rows from the table itself, else the rows looked up.
 */
function sequencesOf(layers: LevelLayers, input: LevelInput): tf.Tensor3D {
  if (input.sequences !== undefined) return input.sequences;
  const { tokenIds, tokenTable } = input;
  if (tokenIds === undefined || tokenTable === undefined) {
    throw new Error('runLevel: a level input needs its sequences, or token ids and their table');
  }
  const encoders = [layers.forward, ...(layers.backward ? [layers.backward] : [])];
  if (encoders.every((encoder) => encoder.readsRowsFromTable === true)) {
    return tf.zeros([tokenIds.shape[0], tokenIds.shape[1], 0]) as tf.Tensor3D;
  }
  return lookUpRows(tokenTable, tokenIds) as tf.Tensor3D;
}

function merged(forward: tf.Tensor, backward: tf.Tensor | undefined, merge: Merge): tf.Tensor {
  if (backward === undefined) return forward;
  if (merge === 'concat') return tf.concat([forward, backward], -1);
  const sum = tf.add(forward, backward);
  return merge === 'sum' ? sum : tf.mul(sum, 0.5);
}

/** Runs the level's encoders (and pooling) over every sequence of `input`. */
function runAll(layers: LevelLayers, input: LevelInput): LevelOutput {
  const { tokenIds, tokenTable, stepMask } = input;
  const sequences = sequencesOf(layers, input);
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
 * Runs one level. With `runs`, only the planned sequences run, as one compact batch, and every
 * sequence takes the state (and attention) of its run, or zeros (see level-runs.ts).
 */
export function runLevel(layers: LevelLayers, input: LevelInput, runs?: LevelRuns): LevelOutput {
  // tidy keeps the tensors of the returned object (its type has no index signature, hence the casts).
  return tf.tidy((): tf.TensorContainer => {
    if (runs === undefined || runs.everyRuns) {
      return runAll(layers, input) as unknown as tf.TensorContainer;
    }
    const [count, steps] = (input.sequences ?? input.tokenIds)?.shape ?? [];
    if (count === undefined || steps === undefined) {
      throw new Error('runLevel: a level input needs its sequences, or token ids and their table');
    }
    if (runs.run.length === 0) {
      const states = tf.zeros([count, layers.width]) as tf.Tensor2D;
      return layers.attention === undefined
        ? { states }
        : { states, attention: tf.zeros([count, steps]) };
    }
    const runIndex = tf.tensor1d(runs.run, 'int32');
    const pick = <T extends tf.Tensor>(t: T | undefined): T | undefined =>
      t === undefined ? undefined : (tf.gather(t, runIndex) as T);
    const compact: LevelInput = {};
    const sequences = pick(input.sequences);
    if (sequences !== undefined) compact.sequences = sequences;
    const ids = pick(input.tokenIds);
    const mask = pick(input.stepMask);
    if (ids !== undefined) compact.tokenIds = ids;
    // The table is not per sequence: the compact rows are still its rows.
    if (input.tokenTable !== undefined) compact.tokenTable = input.tokenTable;
    if (mask !== undefined) compact.stepMask = mask;
    const result = runAll(layers, compact);
    // Row 0 of the padded result is the zero state (slot 0); without zero slots, no padding row.
    const zeroSlots = runs.slot.includes(0);
    const slots = tf.tensor1d(zeroSlots ? runs.slot : runs.slot.map((s) => s - 1), 'int32');
    const spread = (t: tf.Tensor2D): tf.Tensor2D =>
      tf.gather(zeroSlots ? tf.concat([tf.zeros([1, t.shape[1]]), t], 0) : t, slots) as tf.Tensor2D;
    const states = spread(result.states);
    return result.attention === undefined
      ? { states }
      : { states, attention: spread(result.attention) };
  }) as unknown as LevelOutput;
}
