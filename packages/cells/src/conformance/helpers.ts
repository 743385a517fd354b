// Shared pieces of the conformance checks.
import * as tf from '@tensorflow/tfjs';
import type {
  CellDefinition,
  EncodeOptions,
  EncoderOptions,
  SequenceEncoderLayer,
} from '../contract';
import { isSequenceEncoder } from '../contract';

/** One named conformance check; `run` rejects with a descriptive Error when the cell fails it. */
export interface ConformanceCheck {
  name: string;
  run: () => Promise<void>;
}

export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** A built encoder of `definition` for inputs of `features`, checked to implement contract v2. */
export function builtEncoder<Options extends EncoderOptions>(
  definition: CellDefinition<Options>,
  options: Options,
  features: number,
  overrides: Partial<EncoderOptions> = {},
): SequenceEncoderLayer {
  const encoder = definition.createEncoder(
    definition.optionsSchema.parse({ ...options, ...overrides }),
  );
  assert(
    isSequenceEncoder(encoder),
    `cell '${definition.name}': createEncoder must return a layer with encode() and fusedKernel() (contract v2)`,
  );
  // Applying to a symbolic input builds the weights (and marks the layer used, so it disposes).
  encoder.apply(tf.input({ shape: [1, features] }));
  return encoder;
}

/** Runs `encode` and checks that one tensor came back. */
export function encodeWith(
  encoder: SequenceEncoderLayer,
  inputs: tf.Tensor3D,
  options: EncodeOptions = {},
): tf.Tensor {
  const output = encoder.encode(inputs, options);
  assert(output instanceof tf.Tensor, 'encode() must return a single tensor');
  return output;
}

export function seededInput(shape: [number, number, number], seed: number): tf.Tensor3D {
  return tf.randomNormal(shape, 0, 1, 'float32', seed);
}

export function maxAbsDifference(a: tf.Tensor, b: tf.Tensor): number {
  if (a.shape.join() !== b.shape.join()) return Number.POSITIVE_INFINITY;
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b)))).dataSync()[0] ?? Number.NaN;
}

/** Replaces every weight with seeded noise, so that checks do not depend on the initialisers. */
export function scramble(encoder: tf.layers.Layer, seed: number): void {
  const noise = encoder
    .getWeights()
    .map((w, i) => tf.randomNormal(w.shape, 0, 0.5, 'float32', seed + i));
  encoder.setWeights(noise);
  tf.dispose(noise);
}

/** The encoder's trainable variables (LayerVariable.read() returns the variable itself). */
export function variablesOf(encoder: tf.layers.Layer): tf.Variable[] {
  return encoder.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** Every mode of contract v2, for checks that cover them all. */
export const modes: ReadonlyArray<Required<Pick<EncodeOptions, 'direction' | 'states'>>> = [
  { direction: 'forward', states: 'last' },
  { direction: 'backward', states: 'last' },
  { direction: 'forward', states: 'every' },
  { direction: 'backward', states: 'every' },
];
