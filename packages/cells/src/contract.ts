import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';

/** Options every cell accepts. Cells extend this with their own fields. */
export interface EncoderOptions {
  /** Size of the hidden state, and so of the encoder's output. */
  units: number;
  /** Layer name; must be unique inside one model. */
  name?: string;
  /** Seed for the weight initialisers: equal seeds give equal initial weights. */
  seed?: number;
}

/** The directions a level can read its sequences in. */
export const directions = ['forward', 'backward'] as const;
/** `'forward'` reads steps 0..T-1; `'backward'` reads T-1..0. */
export type Direction = (typeof directions)[number];

/** What an encoder returns: the last state, or the state after every step. */
export const stateOutputs = ['last', 'every'] as const;
/** One of {@link stateOutputs}. */
export type StateOutput = (typeof stateOutputs)[number];

/** How an encoder runs: `'auto'` takes the cell's fused kernel when it has one; `'generic'` never. */
export const implementations = ['auto', 'generic'] as const;
/** One of {@link implementations}. */
export type Implementation = (typeof implementations)[number];

/** One run of an encoder over a batch of sequences (every field optional). */
export interface EncodeOptions {
  /** Default `'forward'`. */
  direction?: Direction;
  /**
   * `'last'` (default): `[sequences, units]`, the state after the last step read (for `'backward'`
   * the state after step 0). `'every'`: `[sequences, steps, units]`, aligned with the input steps:
   * entry t is the state after reading step t (forwards: steps 0..t; backwards: steps T-1..t).
   */
  states?: StateOutput;
  /**
   * The token id of every input row (int32, `[sequences, steps]` or any shape of as many
   * elements), for a first level fed by an embedding: the caller states that rows with equal ids
   * are equal, so the input projection may compute each distinct token once. Leave it out when any
   * layer between the embedding and the encoder changes rows (dropout, noise, a sum of features).
   */
  tokenIds?: tf.Tensor;
  /**
   * With `tokenIds`: the embedding table the rows were looked up in, `[vocabulary, features]`; the
   * caller states that input row i is `tokenTable[tokenIds[i]]`. The projection may then read each
   * distinct token's row from the table itself, so that the table's gradient is one row per
   * distinct token, not a dense gradient of every looked-up row scattered back. Ignoring it is
   * correct, only slower.
   */
  tokenTable?: tf.Tensor2D;
  /** Default `'auto'`. `'generic'` runs the per-step path even where a fused kernel exists. */
  implementation?: Implementation;
}

/**
 * What the sequence driver (the SRNN layer) needs from a level's encoder. Starts from a zero
 * state; never disposes its inputs; returns a new tensor the caller owns.
 */
export interface SequenceEncoder {
  /** Size of the state. */
  readonly units: number;
  /**
   * True when {@link encode}, given `tokenIds` and `tokenTable`, reads every row it needs from the
   * table and takes only the shape of `inputs`: a caller may then pass a placeholder
   * `[sequences, steps, 0]` and look nothing up. Leave it out when encode reads `inputs`' values.
   */
  readonly readsRowsFromTable?: boolean;
  /** Runs the cell over `inputs` `[sequences, steps, features]` (the encoder must be built). */
  encode(inputs: tf.Tensor3D, options?: EncodeOptions): tf.Tensor;
  /**
   * The name of the fused kernel {@link encode} would use for these options on the current
   * backend, or undefined when it would run the generic per-step path.
   */
  fusedKernel(options?: Pick<EncodeOptions, 'direction' | 'states'>): string | undefined;
}

/**
 * A level's encoder: a tf.layers Layer (weights, serialization) that is also a
 * {@link SequenceEncoder}. As a layer, `apply(x)` or `apply([x, tokenIds])` returns the last
 * forward state `[sequences, units]`.
 */
export type SequenceEncoderLayer = tf.layers.Layer & SequenceEncoder;

/** True when `layer` implements {@link SequenceEncoder} (cells of contract v2 do). */
export function isSequenceEncoder(layer: tf.layers.Layer): layer is SequenceEncoderLayer {
  const candidate = layer as Partial<SequenceEncoder>;
  return typeof candidate.encode === 'function' && typeof candidate.fusedKernel === 'function';
}

/**
 * A recurrent cell, described so that the SRNN model can build one encoder per level.
 *
 * `createEncoder` returns a {@link SequenceEncoderLayer}. Its class must be registered with
 * `tf.serialization.registerClass` so that saved models load back.
 */
export interface CellDefinition<Options extends EncoderOptions = EncoderOptions> {
  /** Registry key, e.g. `'gru'`, `'lstm'`: lower-case letters, digits and dashes. */
  name: string;
  /** One line for listings and error messages. */
  description: string;
  /**
   * The package whose import registers this cell (e.g. `'@srnn/cell-gru'`): saved models record
   * it, so that a loader can import it or say what to install.
   */
  packageName?: string;
  /** Validates (and fills defaults of) the options at the boundary. */
  optionsSchema: z.ZodType<Options>;
  /** Makes one level's encoder from already validated options. */
  createEncoder(options: Options): SequenceEncoderLayer;
}
