import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';
import { mulberry32 as seededRandom } from '@srnn/random';

/** The backends every behavioural test runs on. */
export const BACKENDS = ['cpu', 'wasm'] as const;

/** Makes `name` the active backend, with the project's kernel fixes (wasm lacks gather's gradient). */
export async function useBackend(name: (typeof BACKENDS)[number]): Promise<void> {
  await selectBackend({ backend: name, log: () => undefined });
  expect(tf.getBackend()).toBe(name);
}

/** A deterministic pseudo-random generator (mulberry32), so failures reproduce. */
export { seededRandom };

/** Random values in [-scale, scale). */
export function randomArray(random: () => number, length: number, scale = 1): Float32Array {
  return Float32Array.from({ length }, () => (random() * 2 - 1) * scale);
}

/**
 * Largest relative difference |a - e| / max(|e|, floor) over all elements; `floor` keeps values
 * that are zero in both from dividing by zero.
 */
export function maxRelativeDifference(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  floor = 1e-12,
): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (Number.isNaN(a) || Number.isNaN(e)) return Number.NaN;
    worst = Math.max(worst, Math.abs(a - e) / Math.max(Math.abs(e), floor));
  }
  return worst;
}

/**
 * A small classifier's parameters as named variables: a [vocab, dim] embedding read through
 * tf.gather (so most rows get a zero gradient each step), a dense kernel and bias (5 units: sizes
 * that are not multiples of 4 exercise the SIMD loop's leftover elements), and a scalar.
 */
export interface Problem {
  variables: tf.Variable[];
  /** The loss of training step `step` (its own ids and targets, the same for every copy). */
  loss(step: number): tf.Scalar;
  dispose(): void;
}

let problemCount = 0;

/** Builds a problem whose initial values and per-step batches depend only on `seed`. */
export function makeProblem(seed: number, vocab = 3001, dim = 20, units = 5): Problem {
  const random = seededRandom(seed);
  const tag = `p${problemCount++}`;
  const embedding = tf.variable(
    tf.tensor2d(randomArray(random, vocab * dim, 0.1), [vocab, dim]),
    true,
    `${tag}/embedding`,
  );
  const kernel = tf.variable(
    tf.tensor2d(randomArray(random, dim * units, 0.5), [dim, units]),
    true,
    `${tag}/kernel`,
  );
  const bias = tf.variable(tf.zeros([units]), true, `${tag}/bias`);
  const scale = tf.variable(tf.scalar(0.8), true, `${tag}/scale`);
  const batch = 48;
  const loss = (step: number): tf.Scalar =>
    tf.tidy(() => {
      const stepRandom = seededRandom(seed * 1000 + step);
      // Ids from a small part of the vocabulary, with repeats, so gradients add up per row.
      const ids = tf.tensor1d(
        Int32Array.from({ length: batch }, () => Math.floor(stepRandom() * 200)),
        'int32',
      );
      const target = tf.tensor2d(randomArray(stepRandom, batch * units), [batch, units]);
      const hidden = tf.gather(embedding, ids);
      const output = tf.mul(tf.add(tf.matMul(hidden, kernel), bias), scale);
      return tf.losses.meanSquaredError(target, output) as tf.Scalar;
    });
  return {
    variables: [embedding, kernel, bias, scale],
    loss,
    dispose: () => tf.dispose([embedding, kernel, bias, scale]),
  };
}

/** Runs `steps` minimize steps of `problem` with `optimizer`, from `firstStep`. */
export function train(
  problem: Problem,
  optimizer: tf.Optimizer,
  steps: number,
  firstStep = 0,
): void {
  for (let step = firstStep; step < firstStep + steps; step++) {
    const cost = optimizer.minimize(() => problem.loss(step), false, problem.variables);
    cost?.dispose();
  }
}

/** The values of the optimizer's weights (iteration count first), copied out. */
export async function optimizerState(optimizer: tf.Optimizer): Promise<Float32Array[]> {
  const weights = await optimizer.getWeights();
  const values = weights.map((w) => Float32Array.from(w.tensor.dataSync()));
  weights[0]?.tensor.dispose(); // the iteration count is a new tensor; the moments are the slots
  return values;
}

/** Copies of the variables' values. */
export function variableValues(variables: tf.Variable[]): Float32Array[] {
  return variables.map((v) => Float32Array.from(v.dataSync()));
}
