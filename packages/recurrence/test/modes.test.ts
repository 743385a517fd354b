// Running backwards and returning every state: the fused kernels (cpu and wasm) against the
// tfjs-ops reference, in value and gradient; the reference itself against reversing the time
// axis; and the fused gradient against central differences.
import * as tf from '@tensorflow/tfjs';
import { gruSequence, type GruSequenceOptions } from '../src';
import { loadBackends, maxAbsDiff, seededUniform } from './helpers';

beforeAll(loadBackends);

const MODES = [
  { reverse: true, returnSequences: false },
  { reverse: false, returnSequences: true },
  { reverse: true, returnSequences: true },
];

const LAYOUTS = [false, true];

/** Value and gradients w.r.t. projection and kernel of a weighted sum of the output. */
function pass(
  p: tf.Tensor3D,
  k: tf.Tensor2D,
  weights: tf.Tensor,
  options: GruSequenceOptions,
): tf.Tensor[] {
  const f = (a: tf.Tensor, b: tf.Tensor) =>
    gruSequence(a as tf.Tensor3D, b as tf.Tensor2D, options);
  const value = f(p, k);
  const grads = tf.grads((a, b) => tf.sum(tf.mul(f(a, b), weights)))([p, k]);
  return [value, ...grads];
}

describe.each(['cpu', 'wasm'])('on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  test.each(MODES.flatMap((mode) => LAYOUTS.map((timeMajor) => ({ ...mode, timeMajor }))))(
    "reverse $reverse, every state $returnSequences, timeMajor $timeMajor: 'fused' equals 'ops'",
    (mode) => {
      const [S, T, U] = [5, 6, 4];
      const p = seededUniform(
        mode.timeMajor ? [T, S, 3 * U] : [S, T, 3 * U],
        1,
        1.5,
      ) as tf.Tensor3D;
      const k = seededUniform([U, 3 * U], 2, 0.6) as tf.Tensor2D;
      const outShape = mode.returnSequences ? (mode.timeMajor ? [T, S, U] : [S, T, U]) : [S, U];
      const weights = seededUniform(outShape, 3);
      const settings = { ...mode, activation: 'tanh' as const };
      const ops = pass(p, k, weights, { ...settings, implementation: 'ops' });
      const fused = pass(p, k, weights, { ...settings, implementation: 'fused' });
      expect(fused[0]!.shape).toEqual(outShape);
      ops.forEach((t, i) => expect(maxAbsDiff(fused[i]!, t)).toBeLessThan(1e-5));
      // The kernel gradient is not trivially zero.
      expect(tf.max(tf.abs(fused[2]!)).dataSync()[0]).toBeGreaterThan(1e-2);
      tf.dispose([p, k, weights, ...ops, ...fused]);
    },
  );

  test('every state: the last (forwards) or the first (backwards) is the last state', () => {
    const p = seededUniform([3, 7, 12], 4) as tf.Tensor3D;
    const k = seededUniform([4, 12], 5, 0.5) as tf.Tensor2D;
    for (const reverse of [false, true]) {
      const last = gruSequence(p, k, { reverse });
      const every = gruSequence(p, k, { reverse, returnSequences: true });
      const at = tf.squeeze(tf.slice(every, [0, reverse ? 0 : 6, 0], [3, 1, 4]), [1]);
      expect(maxAbsDiff(at, last)).toBe(0);
      tf.dispose([last, every, at]);
    }
    tf.dispose([p, k]);
  });
});

describe('the ops reference', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  test('backwards equals forwards over the reversed time axis (every state back at its index)', () => {
    const p = seededUniform([3, 5, 9], 6) as tf.Tensor3D;
    const k = seededUniform([3, 9], 7, 0.7) as tf.Tensor2D;
    const flipped = tf.reverse(p, 1) as tf.Tensor3D;
    const options = { implementation: 'ops' as const, activation: 'tanh' as const };
    const last = gruSequence(p, k, { ...options, reverse: true });
    const lastFlipped = gruSequence(flipped, k, options);
    expect(maxAbsDiff(last, lastFlipped)).toBe(0);
    const every = gruSequence(p, k, { ...options, reverse: true, returnSequences: true });
    const everyFlipped = tf.reverse(
      gruSequence(flipped, k, { ...options, returnSequences: true }),
      1,
    );
    expect(maxAbsDiff(every, everyFlipped)).toBe(0);
    tf.dispose([p, k, flipped, last, lastFlipped, every, everyFlipped]);
  });
});

// Central differences of the fused forward pass itself (see finite-difference.test.ts for the step).
const STEP = 1e-2;

test.each([
  ['cpu', { reverse: true, returnSequences: true, activation: 'tanh' }],
  ['wasm', { reverse: true, returnSequences: true, timeMajor: true }],
  ['wasm', { reverse: false, returnSequences: true, recurrentActivation: 'sigmoid' }],
] as [string, GruSequenceOptions][])(
  'on %s with %j, the gradient equals central differences',
  async (backend, options) => {
    await tf.setBackend(backend);
    const [S, T, U] = [2, 3, 2];
    const projection = seededUniform(
      options.timeMajor ? [T, S, 3 * U] : [S, T, 3 * U],
      8,
    ) as tf.Tensor3D;
    const kernel = seededUniform([U, 3 * U], 9, 0.9) as tf.Tensor2D;
    const weights = seededUniform(options.timeMajor ? [T, S, U] : [S, T, U], 10);
    const fused = { ...options, implementation: 'fused' as const };
    const loss = (p: tf.Tensor, k: tf.Tensor): tf.Scalar =>
      tf.sum(tf.mul(gruSequence(p as tf.Tensor3D, k as tf.Tensor2D, fused), weights));
    const lossAt = (p: Float32Array, k: Float32Array): number => {
      const value = tf.tidy(() => loss(tf.tensor(p, projection.shape), tf.tensor(k, kernel.shape)));
      const number = value.arraySync();
      value.dispose();
      return number;
    };
    const numeric = (f: (x: Float32Array) => number, x: Float32Array): Float32Array =>
      x.map((_, i) => {
        const [plus, minus] = [x.slice(), x.slice()];
        plus[i] = plus[i]! + STEP;
        minus[i] = minus[i]! - STEP;
        return (f(plus) - f(minus)) / (2 * STEP);
      });
    const [dP, dK] = tf.grads(loss)([projection, kernel]) as [tf.Tensor, tf.Tensor];
    const p0 = projection.dataSync() as Float32Array;
    const k0 = kernel.dataSync() as Float32Array;
    const analyticP = dP.dataSync();
    const analyticK = dK.dataSync();
    numeric((p) => lossAt(p, k0), p0).forEach((g, i) =>
      expect(Math.abs(analyticP[i]! - g)).toBeLessThan(1e-3),
    );
    numeric((k) => lossAt(p0, k), k0).forEach((g, i) =>
      expect(Math.abs(analyticK[i]! - g)).toBeLessThan(1e-3),
    );
    tf.dispose([projection, kernel, weights, dP, dK]);
  },
);
