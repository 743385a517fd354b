import * as tf from '@tensorflow/tfjs';
import { FusedAdamOptimizer } from './fused-adam-optimizer';

/**
 * Adam's running powers beta1^t and beta2^t for the next step t, as float32 values. Both Adams
 * advance them by multiplying in float32 every step, while their `setWeights` recomputes them with
 * `pow(beta, iterations + 1)`, which differs in the last bits after some steps: a harness that
 * resumes exactly saves these beside `getWeights()` and restores them after `setWeights`.
 */
export interface AdamRunningPowers {
  readonly beta1Power: number;
  readonly beta2Power: number;
}

/**
 * tf.train.adam's private state, read in this one place. Its running powers and learning rate are
 * not exposed by tfjs; the checks below fail with a clear message if a tfjs version renames them.
 */
interface TfjsAdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  learningRate: number;
}

function tfjsAdamInternals(optimizer: tf.AdamOptimizer): TfjsAdamInternals {
  const internals = optimizer as unknown as Partial<TfjsAdamInternals>;
  if (
    !(internals.accBeta1 instanceof tf.Variable) ||
    !(internals.accBeta2 instanceof tf.Variable) ||
    typeof internals.learningRate !== 'number'
  ) {
    throw new Error(
      `tf.train.adam of tfjs ${tf.version_core} no longer keeps accBeta1, accBeta2 and learningRate ` +
        'where tfjs 4.22 did: use the fused Adam, or a tfjs version this package was tested with',
    );
  }
  return internals as TfjsAdamInternals;
}

type Adam =
  { kind: 'fused'; optimizer: FusedAdamOptimizer } | { kind: 'tfjs'; internals: TfjsAdamInternals };

/** `instanceof` on tfjs optimizers only checks for minimize/applyGradients: walk the prototypes. */
const isA = (prototype: object, value: object): boolean =>
  Object.prototype.isPrototypeOf.call(prototype, value);

function asAdam(optimizer: tf.Optimizer, what: string): Adam {
  if (isA(FusedAdamOptimizer.prototype, optimizer)) {
    return { kind: 'fused', optimizer: optimizer as FusedAdamOptimizer };
  }
  if (isA(tf.AdamOptimizer.prototype, optimizer)) {
    return { kind: 'tfjs', internals: tfjsAdamInternals(optimizer as tf.AdamOptimizer) };
  }
  throw new Error(
    `${what}: the optimizer is neither FusedAdam nor tf.train.adam (got ${optimizer.constructor.name})`,
  );
}

/** The running powers of a FusedAdam or tf.train.adam optimizer. */
export function adamRunningPowers(optimizer: tf.Optimizer): AdamRunningPowers {
  const adam = asAdam(optimizer, 'running powers');
  if (adam.kind === 'fused') return adam.optimizer.runningPowers;
  return {
    beta1Power: adam.internals.accBeta1.dataSync()[0]!,
    beta2Power: adam.internals.accBeta2.dataSync()[0]!,
  };
}

/** Sets the running powers (after `setWeights`, which would otherwise leave pow's values). */
export function setAdamRunningPowers(optimizer: tf.Optimizer, powers: AdamRunningPowers): void {
  const adam = asAdam(optimizer, 'running powers');
  if (adam.kind === 'fused') {
    adam.optimizer.setRunningPowers(powers);
    return;
  }
  checkRunningPowers(powers);
  tf.tidy(() => {
    adam.internals.accBeta1.assign(tf.scalar(powers.beta1Power));
    adam.internals.accBeta2.assign(tf.scalar(powers.beta2Power));
  });
}

/** Changes the learning rate from the next step on (for a learning-rate schedule). */
export function setAdamLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  const adam = asAdam(optimizer, 'learning rate');
  if (adam.kind === 'fused') {
    adam.optimizer.setLearningRate(learningRate);
    return;
  }
  checkLearningRate(learningRate);
  adam.internals.learningRate = learningRate;
}

/** Throws unless both powers are numbers in [0, 1]. */
export function checkRunningPowers(powers: AdamRunningPowers): void {
  for (const name of ['beta1Power', 'beta2Power'] as const) {
    const value = powers[name];
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new Error(`${name} must be a number in [0, 1], got ${String(value)}`);
    }
  }
}

/** Throws unless the learning rate is a finite number > 0. */
export function checkLearningRate(learningRate: number): void {
  if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate <= 0) {
    throw new Error(`learningRate must be a finite number > 0, got ${String(learningRate)}`);
  }
}
