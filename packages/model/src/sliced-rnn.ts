import * as tf from '@tensorflow/tfjs';
import { createEncoder, reshapeRows } from '@srnn/cells';
import { parseOptions } from '@srnn/errors';
import { slicedRnnArgsSchema, type LevelCell, type SlicedRnnArgs } from './level-config';

function firstShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
}

/**
 * The sliced recurrent network as one layer: `[batch, paddedLength, features]` to `[batch, units]`.
 *
 * Level 0's encoder runs over all minimal subsequences of the whole batch at once (reshaped to
 * `[batch * s_0, l_0, features]`); the last states of level p-1 are reshaped to
 * `[batch * s_p, n_p, units]` for level p's encoder. Each level has its own encoder and weights.
 */
export class SlicedRNN extends tf.layers.Layer {
  /** Name under which the class is registered for serialization. */
  static className = 'SlicedRNN';

  /** [n_1, ..., n_k], bottom-up. */
  readonly slices: number[];
  /** l_0, the length of each minimal subsequence. */
  readonly minimalLength: number;
  /** The cell of each level, p = 0..k. */
  readonly levels: LevelCell[];
  /** l_0 * n_1 * ... * n_k: the input length this layer takes. */
  readonly paddedLength: number;
  private encoders: tf.layers.Layer[] = [];

  constructor(args: SlicedRnnArgs) {
    const { slices, minimalLength, levels, name, trainable } = parseOptions(
      slicedRnnArgsSchema,
      args,
      'SlicedRNN',
    );
    super({ name, trainable });
    this.slices = slices;
    this.minimalLength = minimalLength;
    this.levels = levels as LevelCell[];
    this.paddedLength = slices.reduce((length, n) => length * n, minimalLength);
    this.inputSpec = [{ ndim: 3 }];
  }

  /** The encoder of each level, p = 0..k (empty until the layer is built). */
  get levelEncoders(): readonly tf.layers.Layer[] {
    return this.encoders;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [, steps, features] = firstShape(inputShape);
    if (steps != null && steps !== this.paddedLength) {
      throw new Error(
        `${this.name}: input has ${steps} steps but the plan needs ${this.paddedLength} ` +
          `(l_0 = ${this.minimalLength} x slices [${this.slices.join(', ')}]); pad the input at the front`,
      );
    }
    if (features == null) throw new Error(`${this.name}: the feature size must be known`);
    const lengths = [this.minimalLength, ...this.slices];
    let inputFeatures = features;
    this.encoders = this.levels.map((level, p) => {
      const encoder = createEncoder(level.cell, {
        ...level.options,
        name: `${this.name}_level${p}`,
      });
      // Applying to a symbolic input builds the encoder inside its own name scope, so each level's
      // weights get distinct, reproducible names (`<layer>/<layer>_level<p>/kernel`).
      encoder.apply(tf.input({ shape: [lengths[p] ?? 1, inputFeatures] }));
      inputFeatures = level.options.units;
      return encoder;
    });
    this.built = true;
  }

  override get trainableWeights(): tf.LayerVariable[] {
    if (!this.trainable) return [];
    return this.encoders.flatMap((encoder) => encoder.trainableWeights);
  }

  override get nonTrainableWeights(): tf.LayerVariable[] {
    if (!this.trainable) return this.encoders.flatMap((encoder) => encoder.weights);
    return this.encoders.flatMap((encoder) => encoder.nonTrainableWeights);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const top = this.levels[this.levels.length - 1];
    return [firstShape(inputShape)[0] ?? null, top?.options.units ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const features = x.shape[2];
      // Every minimal subsequence of every row becomes one sequence of one big batch (same rows,
      // so an embedding lookup's record carries over to level 0's input projection).
      let sequences: tf.Tensor = reshapeRows<tf.Rank.R3>(x, [-1, this.minimalLength, features]);
      let states = this.encoders[0]!.apply(sequences) as tf.Tensor;
      for (let p = 1; p < this.encoders.length; p += 1) {
        // n_p consecutive last states (siblings) form one level-p sequence.
        sequences = tf.reshape(states, [-1, this.slices[p - 1]!, states.shape[1]!]);
        states = this.encoders[p]!.apply(sequences) as tf.Tensor;
      }
      return states;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      slices: [...this.slices],
      minimalLength: this.minimalLength,
      levels: this.levels.map((level) => ({ cell: level.cell, options: { ...level.options } })),
    } as unknown as tf.serialization.ConfigDict;
  }
}

tf.serialization.registerClass(SlicedRNN);
