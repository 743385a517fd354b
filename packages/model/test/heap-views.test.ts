// A view of the wasm heap dies when the heap grows, and any allocation may grow it (which one
// depends on what ran before, so a fault shows only at some sizes). Here every view the wasm
// backend hands out refuses to be used after a later allocation, and a training step of SRNN
// classifiers runs on wasm (the fused recurrences, the kernel fixes, the fused Adam, level 0
// reading the table): every kernel must take its views after allocating, and the step must give
// the loss it gives without the check.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';
import { wasmInternals } from '@srnn/backend/internals';
import { fusedAdam } from '@srnn/optimizers';
import { buildClassifier } from '@srnn/model';

type Backend = Record<string, (...args: unknown[]) => unknown>;

let allocations = 0;
const stale = new Set<string>();

/** A view that records its use once the backend has allocated since it was made. */
function guarded(view: Float32Array, madeBy: string): Float32Array {
  const madeAt = allocations;
  const check = (): void => {
    if (allocations !== madeAt) stale.add(`a view made by ${madeBy} used after an allocation`);
  };
  return new Proxy(view, {
    get(target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) check();
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        check();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
    set(target, key, value) {
      if (typeof key === 'string' && /^\d+$/.test(key)) check();
      return Reflect.set(target, key, value, target);
    },
  });
}

const restore: (() => void)[] = [];

beforeAll(async () => {
  await selectBackend({ backend: 'wasm', log: () => undefined });
  const backend = wasmInternals(tf.backend()) as unknown as Backend;
  for (const name of ['write', 'makeOutput']) {
    const original = backend[name]!;
    backend[name] = function (this: unknown, ...args: unknown[]) {
      allocations += 1;
      return original.apply(this, args);
    };
    restore.push(() => delete backend[name]);
  }
  const view = backend['typedArrayFromHeap']!;
  backend['typedArrayFromHeap'] = function (this: unknown, ...args: unknown[]) {
    const result = view.apply(this, args) as Float32Array;
    // The first frame outside this test and @srnn/backend's internals: the kernel that asked.
    const caller =
      (new Error().stack ?? '')
        .split('\n')
        .slice(2)
        .find((line) => !/internals|heap-views\.test/.test(line))
        ?.trim() ?? 'unknown';
    return result instanceof Float32Array ? guarded(result, caller) : result;
  };
  restore.push(() => delete backend['typedArrayFromHeap']);
}, 60000);

afterAll(() => {
  for (const undo of restore) undo();
});

test.each([
  ['SRNN(4,2)', false],
  ['SRNN(4,2)', true],
  ['BiSRNN(4,1)', true],
] as const)(
  '%s, skipping padding %s: a training step uses no view after an allocation',
  (slicing, skipPadding) => {
    const model = buildClassifier({
      vocabularySize: 40,
      embeddingDim: 8,
      units: 6,
      classes: 3,
      maxLength: 32,
      slicing,
      skipPadding,
      seed: 4,
    });
    const ids = tf.tidy(() =>
      tf.mul(
        tf.randomUniform([6, 32], 1, 40, 'int32', 9),
        tf.tensor2d(
          Array.from({ length: 6 * 32 }, (_, i) => (i % 32 < (i >> 5) * 5 ? 0 : 1)),
          [6, 32],
          'int32',
        ),
      ),
    );
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3);
    const optimizer = fusedAdam(0.01, 0.9, 0.999, 1e-8);
    stale.clear();
    const loss = optimizer.minimize(
      () =>
        tf.losses.softmaxCrossEntropy(labels, model.apply(ids, { training: true }) as tf.Tensor),
      true,
    )!;
    expect([...stale]).toEqual([]);
    expect(Number.isFinite(loss.dataSync()[0])).toBe(true);
    tf.dispose([loss, ids, labels]);
    optimizer.dispose();
    model.dispose();
  },
);
