// The hand-written gradient against central differences of the fused forward pass itself
// (float64 would be nicer; in float32 a step of 1e-2 keeps rounding and truncation near 1e-4).
import * as tf from '@tensorflow/tfjs';
import { gruSequenceLastState, type GruSequenceOptions } from '../src';
import { loadBackends, seededUniform } from './helpers';

const STEP = 1e-2;

function numericGradient(f: (x: Float32Array) => number, x: Float32Array): Float32Array {
  const gradient = new Float32Array(x.length);
  for (let i = 0; i < x.length; i += 1) {
    const plus = x.slice();
    const minus = x.slice();
    plus[i] = plus[i]! + STEP;
    minus[i] = minus[i]! - STEP;
    gradient[i] = (f(plus) - f(minus)) / (2 * STEP);
  }
  return gradient;
}

beforeAll(loadBackends);

test.each([
  ['cpu', { activation: 'tanh' }],
  ['wasm', { activation: 'linear', timeMajor: true }],
] as [string, GruSequenceOptions][])('on %s with %j', async (backend, options) => {
  await tf.setBackend(backend);
  const [S, T, U] = [2, 3, 2];
  const shape = options.timeMajor ? [T, S, 3 * U] : [S, T, 3 * U];
  const projection = seededUniform(shape, 7) as tf.Tensor3D;
  const kernel = seededUniform([U, 3 * U], 8, 0.9) as tf.Tensor2D;
  const lossWeights = seededUniform([S, U], 9);
  const loss = (p: tf.Tensor, k: tf.Tensor): tf.Scalar =>
    tf.sum(tf.mul(gruSequenceLastState(p as tf.Tensor3D, k as tf.Tensor2D, options), lossWeights));
  const lossAt = (p: Float32Array, k: Float32Array): number => {
    const value = tf.tidy(() => loss(tf.tensor(p, projection.shape), tf.tensor(k, kernel.shape)));
    const number = value.arraySync();
    value.dispose();
    return number;
  };
  const [dProjection, dKernel] = tf.grads(loss)([projection, kernel]) as [tf.Tensor, tf.Tensor];
  const p0 = projection.dataSync() as Float32Array;
  const k0 = kernel.dataSync() as Float32Array;
  const numericP = numericGradient((p) => lossAt(p, k0), p0);
  const numericK = numericGradient((k) => lossAt(p0, k), k0);
  const analyticP = dProjection.dataSync();
  const analyticK = dKernel.dataSync();
  numericP.forEach((g, i) => expect(Math.abs(analyticP[i]! - g)).toBeLessThan(1e-3));
  numericK.forEach((g, i) => expect(Math.abs(analyticK[i]! - g)).toBeLessThan(1e-3));
  tf.dispose([projection, kernel, lossWeights, dProjection, dKernel]);
});
