// FusedAdam against tf.train.adam itself, on both backends: same values, same moments, same
// checkpoints.
import * as tf from '@tensorflow/tfjs';
import { FusedAdamOptimizer, fusedAdam } from '@srnn/optimizers';
import {
  BACKENDS,
  makeProblem,
  maxRelativeDifference,
  optimizerState,
  train,
  useBackend,
  variableValues,
} from './helpers';

const LR = 0.01;
const EPS = 1e-8;

describe.each(BACKENDS)('on the %s backend', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('runs the fused kernel, not the fallback', () => {
    const optimizer = fusedAdam();
    expect(optimizer.usesFusedKernel).toBe(true);
    optimizer.dispose();
  });

  it('matches tf.train.adam after 6 steps: embedding via gather, dense layer, scalar', async () => {
    const reference = makeProblem(7);
    const fused = makeProblem(7);
    const referenceAdam = tf.train.adam(LR, 0.9, 0.999, EPS);
    const fusedOptimizer = fusedAdam(LR, 0.9, 0.999, EPS);
    train(reference, referenceAdam, 6);
    train(fused, fusedOptimizer, 6);

    const expectedValues = variableValues(reference.variables);
    const actualValues = variableValues(fused.variables);
    // The embedding must have moved, and not only in the rows of the last batch.
    expect(
      maxRelativeDifference(actualValues[0]!, variableValues(makeProblem(7).variables)[0]!),
    ).toBeGreaterThan(1e-3);
    actualValues.forEach((values, i) => {
      expect(maxRelativeDifference(values, expectedValues[i]!)).toBeLessThan(1e-5);
    });

    const expectedState = await optimizerState(referenceAdam);
    const actualState = await optimizerState(fusedOptimizer);
    expect(actualState.length).toBe(1 + 2 * 4);
    expect(actualState[0]).toEqual(Float32Array.of(6)); // iterations
    actualState.forEach((values, i) => {
      expect(maxRelativeDifference(values, expectedState[i]!)).toBeLessThan(1e-5);
    });
    // Names follow tf.train.adam's: <variable>/m for all, then <variable>/v for all.
    const names = (await fusedOptimizer.getWeights()).map((w) => w.name);
    expect(names.slice(1)).toEqual([
      ...fused.variables.map((v) => `${v.name}/m`),
      ...fused.variables.map((v) => `${v.name}/v`),
    ]);

    [reference, fused].forEach((p) => p.dispose());
    referenceAdam.dispose();
    fusedOptimizer.dispose();
  });

  it('decays the moments of rows whose gradient is zero (exact dense Adam)', async () => {
    const table = tf.variable(
      tf.tensor2d([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    );
    const optimizer = fusedAdam(0.1);
    const step = (ids: number[]): void => {
      const cost = optimizer.minimize(
        () => tf.gather(table, tf.tensor1d(ids, 'int32')).sum() as tf.Scalar,
        false,
        [table],
      );
      cost?.dispose();
    };
    step([0]);
    step([1]); // row 0 now has a zero gradient
    const [, m, v] = await optimizerState(optimizer);
    // Row 0: gradient 1 then 0, so m = 0.1 * 0.9 and v = 0.001 * 0.999; row 2 never touched.
    expect(maxRelativeDifference(m!, [0.09, 0.09, 0.1, 0.1, 0, 0])).toBeLessThan(1e-6);
    expect(maxRelativeDifference(v!, [0.000999, 0.000999, 0.001, 0.001, 0, 0])).toBeLessThan(1e-6);
    // Row 0 kept moving on its first moment alone; row 2 stayed where it was.
    const values = table.dataSync();
    expect(values[0]).toBeLessThan(1 - 0.1 - 0.05);
    expect(Array.from(values.slice(4))).toEqual([5, 6]);
    table.dispose();
    optimizer.dispose();
  });

  it('restores from getWeights and continues identically', async () => {
    const original = makeProblem(11);
    const originalAdam = fusedAdam(LR, 0.9, 0.999, EPS);
    train(original, originalAdam, 3);

    // A checkpoint: copies of the variables and of the optimizer's weights.
    const saved = (await originalAdam.getWeights()).map((w) => ({
      name: w.name,
      tensor: w.tensor.clone(),
    }));
    const restored = makeProblem(11);
    restored.variables.forEach((v, i) => v.assign(original.variables[i]!));
    const restoredAdam = new FusedAdamOptimizer(LR, 0.9, 0.999, EPS);
    await restoredAdam.setWeights(saved);
    expect(restoredAdam.iterations).toBe(3);

    train(original, originalAdam, 4, 3);
    train(restored, restoredAdam, 4, 3);
    const expected = variableValues(original.variables);
    variableValues(restored.variables).forEach((values, i) => {
      expect(maxRelativeDifference(values, expected[i]!)).toBeLessThan(1e-6);
    });
    const expectedState = await optimizerState(originalAdam);
    (await optimizerState(restoredAdam)).forEach((values, i) => {
      expect(maxRelativeDifference(values, expectedState[i]!)).toBeLessThan(1e-6);
    });
    [original, restored].forEach((p) => p.dispose());
    [originalAdam, restoredAdam].forEach((o) => o.dispose());
    tf.dispose(saved.map((w) => w.tensor));
  });

  it("takes over tf.train.adam's checkpoint and continues as tf.train.adam does", async () => {
    const reference = makeProblem(13);
    const referenceAdam = tf.train.adam(LR, 0.9, 0.999, EPS);
    train(reference, referenceAdam, 3);
    const saved = (await referenceAdam.getWeights()).map((w) => ({
      name: w.name,
      tensor: w.tensor.clone(),
    }));
    const fused = makeProblem(13);
    fused.variables.forEach((v, i) => v.assign(reference.variables[i]!));
    const fusedOptimizer = fusedAdam(LR, 0.9, 0.999, EPS);
    await fusedOptimizer.setWeights(saved);

    train(reference, referenceAdam, 3, 3);
    train(fused, fusedOptimizer, 3, 3);
    const expected = variableValues(reference.variables);
    variableValues(fused.variables).forEach((values, i) => {
      expect(maxRelativeDifference(values, expected[i]!)).toBeLessThan(1e-5);
    });
    [reference, fused].forEach((p) => p.dispose());
    referenceAdam.dispose();
    fusedOptimizer.dispose();
    tf.dispose(saved.map((w) => w.tensor));
  });

  it('accepts its own getWeights back without losing or leaking state', async () => {
    const problem = makeProblem(19);
    const optimizer = fusedAdam(LR);
    train(problem, optimizer, 2);
    const before = await optimizerState(optimizer);
    const tensorsBefore = tf.memory().numTensors;
    const own = await optimizer.getWeights();
    await optimizer.setWeights(own);
    own[0]!.tensor.dispose(); // the iteration count, a new tensor that the caller owns
    expect(await optimizerState(optimizer)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    train(problem, optimizer, 1, 2);
    expect(optimizer.iterations).toBe(3);
    optimizer.dispose();
    problem.dispose();
  });

  it('leaks no tensors: the count is flat from the second step on', () => {
    const problem = makeProblem(17);
    const optimizer = fusedAdam(LR);
    train(problem, optimizer, 1); // creates the moment slots
    const before = tf.memory().numTensors;
    train(problem, optimizer, 3, 1);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    problem.dispose();
  });
});
