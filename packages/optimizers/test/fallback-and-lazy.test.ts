// The tfjs-ops fallback against the fused kernel, and the opt-in LazyAdam variant.
import * as tf from '@tensorflow/tfjs';
import { FUSED_ADAM_KERNEL, fusedAdam, registerFusedAdamKernels } from '@srnn/optimizers';
import {
  BACKENDS,
  makeProblem,
  maxRelativeDifference,
  optimizerState,
  train,
  useBackend,
  variableValues,
} from './helpers';

/** Runs `body` with the fused kernel unregistered for the active backend, as on webgl. */
function withoutFusedKernel<T>(body: () => T): T {
  tf.unregisterKernel(FUSED_ADAM_KERNEL, tf.getBackend());
  try {
    return body();
  } finally {
    registerFusedAdamKernels();
  }
}

describe.each(BACKENDS)('on the %s backend', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it.each([false, true])('the fallback equals the kernel (lazy: %s)', async (lazy) => {
    const withKernel = makeProblem(21);
    const kernelAdam = fusedAdam(0.01, 0.9, 0.999, 1e-8, { lazy });
    expect(kernelAdam.usesFusedKernel).toBe(true);
    train(withKernel, kernelAdam, 4);

    const withOps = makeProblem(21);
    const opsAdam = fusedAdam(0.01, 0.9, 0.999, 1e-8, { lazy });
    withoutFusedKernel(() => {
      expect(opsAdam.usesFusedKernel).toBe(false);
      train(withOps, opsAdam, 1);
      const tensors = tf.memory().numTensors;
      train(withOps, opsAdam, 3, 1);
      expect(tf.memory().numTensors).toBe(tensors); // the fallback leaks nothing either
    });
    expect(opsAdam.usesFusedKernel).toBe(true);

    const expected = variableValues(withKernel.variables);
    variableValues(withOps.variables).forEach((values, i) => {
      expect(maxRelativeDifference(values, expected[i]!)).toBeLessThan(1e-6);
    });
    const expectedState = await optimizerState(kernelAdam);
    (await optimizerState(opsAdam)).forEach((values, i) => {
      expect(maxRelativeDifference(values, expectedState[i]!)).toBeLessThan(1e-6);
    });
    [withKernel, withOps].forEach((p) => p.dispose());
    [kernelAdam, opsAdam].forEach((o) => o.dispose());
  });

  it.each([
    ['fused kernel', false],
    ['fallback', true],
  ])('lazy: true (%s) leaves rows without gradient untouched', async (_, useOps) => {
    // Rows 0..3 of a [4, 3] table; step 1 touches rows 1 and 2, step 2 touches row 2 only.
    const initial = tf.tensor2d(
      Float32Array.from({ length: 12 }, (_, i) => i + 1),
      [4, 3],
    );
    const lazyTable = tf.variable(initial.clone());
    const denseTable = tf.variable(initial.clone());
    const lazyAdam = fusedAdam(0.1, 0.9, 0.999, 1e-8, { lazy: true });
    const denseAdam = fusedAdam(0.1, 0.9, 0.999, 1e-8);
    const step = (optimizer: tf.Optimizer, table: tf.Variable, ids: number[]): void => {
      const loss = (): tf.Scalar =>
        tf.gather(table, tf.tensor1d(ids, 'int32')).square().sum() as tf.Scalar;
      optimizer.minimize(loss, false, [table])?.dispose();
    };
    const run = (): void => {
      step(lazyAdam, lazyTable, [1, 2]);
      step(denseAdam, denseTable, [1, 2]);
    };
    if (useOps) withoutFusedKernel(run);
    else run();
    const afterOneStep = {
      value: Float32Array.from(denseTable.dataSync()),
      state: await optimizerState(denseAdam),
    };
    const second = (): void => {
      step(lazyAdam, lazyTable, [2]);
      step(denseAdam, denseTable, [2]);
    };
    if (useOps) withoutFusedKernel(second);
    else second();

    const lazyValue = lazyTable.dataSync();
    const denseValue = denseTable.dataSync();
    const [, lazyM, lazyV] = await optimizerState(lazyAdam);
    const [, denseM, denseV] = await optimizerState(denseAdam);
    const row = (a: ArrayLike<number>, r: number): number[] =>
      Array.from(a as Float32Array).slice(r * 3, r * 3 + 3);
    // Never touched: initial value, zero moments (dense Adam leaves it too, as its moments are 0).
    expect(row(lazyValue, 0)).toEqual([1, 2, 3]);
    expect(row(lazyM!, 0)).toEqual([0, 0, 0]);
    // Touched at step 1 only: lazy keeps the state of step 1, dense decays it and moves on.
    expect(row(lazyValue, 1)).toEqual(row(afterOneStep.value, 1));
    expect(row(lazyM!, 1)).toEqual(row(afterOneStep.state[1]!, 1));
    expect(row(lazyV!, 1)).toEqual(row(afterOneStep.state[2]!, 1));
    expect(row(denseValue, 1)[0]).toBeLessThan(row(afterOneStep.value, 1)[0]!);
    expect(row(denseM!, 1)[0]).toBeCloseTo(row(afterOneStep.state[1]!, 1)[0]! * 0.9, 6);
    // Touched at every step: lazy and dense agree.
    expect(row(lazyValue, 2)).toEqual(row(denseValue, 2));
    expect(row(lazyM!, 2)).toEqual(row(denseM!, 2));
    expect(row(lazyV!, 2)).toEqual(row(denseV!, 2));
    tf.dispose([initial, lazyTable, denseTable]);
    [lazyAdam, denseAdam].forEach((o) => o.dispose());
  });
});
