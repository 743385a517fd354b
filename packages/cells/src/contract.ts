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

/**
 * A recurrent cell, described so that the SRNN model can build one encoder per level.
 *
 * `createEncoder` returns a tf.layers Layer mapping `[sequences, steps, features]` to
 * `[sequences, units]` (the last hidden state). Its class must be registered with
 * `tf.serialization.registerClass` so that saved models load back.
 */
export interface CellDefinition<Options extends EncoderOptions = EncoderOptions> {
  /** Registry key, e.g. `'gru'`, `'lstm'`: lower-case letters, digits and dashes. */
  name: string;
  /** One line for listings and error messages. */
  description: string;
  /** Validates (and fills defaults of) the options at the boundary. */
  optionsSchema: z.ZodType<Options>;
  /** Makes one level's encoder from already validated options. */
  createEncoder(options: Options): tf.layers.Layer;
}
