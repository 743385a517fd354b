// Resuming Adam exactly: the running powers beta^t and the learning rate, for both Adams.
import * as tf from '@tensorflow/tfjs';
import {
  adamRunningPowers,
  fusedAdam,
  setAdamLearningRate,
  setAdamRunningPowers,
} from '@srnn/optimizers';
import { useBackend } from './helpers';

beforeAll(async () => {
  await useBackend('cpu');
});

const BETA2 = 0.999;

/** beta^(t+1) as a float32 running product, the way both Adams advance it: t multiplications. */
function runningProduct(beta: number, steps: number): number {
  let power = Math.fround(beta);
  for (let t = 0; t < steps; t++) power = Math.fround(power * Math.fround(beta));
  return power;
}

/** The first step count at which the running product and pow(beta, t + 1) differ in float32. */
function firstDivergingStep(): number {
  for (let t = 1; t < 1000; t++) {
    if (runningProduct(BETA2, t) !== Math.fround(Math.pow(Math.fround(BETA2), t + 1))) return t;
  }
  throw new Error('no divergence below 1000 steps');
}

const makers = {
  fused: () => fusedAdam(0.01, 0.9, BETA2, 1e-8),
  'tf.train.adam': () => tf.train.adam(0.01, 0.9, BETA2, 1e-8),
};

describe.each(Object.entries(makers))('%s', (_name, make) => {
  /** Runs `steps` updates of one variable; returns its optimizer (still holding the state). */
  function stepped(steps: number, x: tf.Variable): tf.Optimizer {
    const optimizer = make();
    for (let i = 0; i < steps; i++) {
      optimizer.minimize(() => tf.sum(tf.square(tf.sub(x, tf.scalar(3)))), false, [x]);
    }
    return optimizer;
  }

  it('reports its running powers as the float32 products of the steps taken', () => {
    const steps = firstDivergingStep();
    const x = tf.variable(tf.tensor1d([1, -2]));
    const optimizer = stepped(steps, x);
    expect(adamRunningPowers(optimizer)).toEqual({
      beta1Power: runningProduct(0.9, steps),
      beta2Power: runningProduct(BETA2, steps),
    });
    optimizer.dispose();
    x.dispose();
  });

  it('continues bit for bit after getWeights, setWeights and the running powers', async () => {
    const steps = firstDivergingStep();
    const live = tf.variable(tf.tensor1d([1, -2]));
    const liveOptimizer = stepped(steps, live);
    const state = await liveOptimizer.getWeights();
    const powers = adamRunningPowers(liveOptimizer);

    const copy = tf.variable(live.clone());
    const restored = make();
    await restored.setWeights(state.map((w) => ({ name: w.name, tensor: w.tensor.clone() })));
    // Without the powers, setWeights alone takes pow(beta, t + 1): not the live optimizer's.
    expect(adamRunningPowers(restored)).not.toEqual(powers);
    setAdamRunningPowers(restored, powers);
    expect(adamRunningPowers(restored)).toEqual(powers);

    const loss = (x: tf.Variable) => (): tf.Scalar => tf.sum(tf.square(tf.sub(x, tf.scalar(3))));
    for (let i = 0; i < 3; i++) {
      liveOptimizer.minimize(loss(live), false, [live]);
      restored.minimize(loss(copy), false, [copy]);
    }
    expect(Array.from(copy.dataSync())).toEqual(Array.from(live.dataSync()));
    liveOptimizer.dispose();
    restored.dispose();
    tf.dispose([live, copy, state[0]!.tensor]);
  });

  it('takes a new learning rate for the next step', () => {
    const a = tf.variable(tf.tensor1d([1, -2]));
    const b = tf.variable(tf.tensor1d([1, -2]));
    const changed = make();
    setAdamLearningRate(changed, 0.5);
    const reference =
      _name === 'fused' ? fusedAdam(0.5, 0.9, BETA2, 1e-8) : tf.train.adam(0.5, 0.9, BETA2, 1e-8);
    const loss = (x: tf.Variable) => (): tf.Scalar => tf.sum(tf.square(x));
    changed.minimize(loss(a), false, [a]);
    reference.minimize(loss(b), false, [b]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    // Adam's first step moves each element by the learning rate (times sign of the gradient).
    expect(a.dataSync()[0]).toBeCloseTo(0.5, 5);
    changed.dispose();
    reference.dispose();
    tf.dispose([a, b]);
  });

  it('refuses running powers or a learning rate out of range, naming them', () => {
    const optimizer = make();
    expect(() => setAdamRunningPowers(optimizer, { beta1Power: 1.5, beta2Power: 0.5 })).toThrow(
      'beta1Power must be a number in [0, 1], got 1.5',
    );
    expect(() => setAdamLearningRate(optimizer, 0)).toThrow(
      'learningRate must be a finite number > 0, got 0',
    );
    optimizer.dispose();
  });
});

it('says which optimizers it can read the state of', () => {
  const sgd = tf.train.sgd(0.1);
  expect(() => adamRunningPowers(sgd)).toThrow(
    /running powers: the optimizer is neither FusedAdam nor tf.train.adam \(got SGDOptimizer\)/,
  );
});
