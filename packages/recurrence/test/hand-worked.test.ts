// One unit, one sequence, two steps, worked out with scalar arithmetic in the test itself.
import * as tf from '@tensorflow/tfjs';
import { gruSequenceLastState } from '../src';
import { loadBackends } from './helpers';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

beforeAll(loadBackends);

test.each(['cpu', 'wasm'])(
  'a two-step, one-unit GRU on %s equals the scalar formulas',
  async (backend) => {
    await tf.setBackend(backend);
    // Projections per step: [x_z, x_r, x_h]; recurrent kernel [u_z, u_r, u_h].
    const steps = [
      [0.3, -0.2, 0.5],
      [-0.4, 0.6, 0.1],
    ];
    const [uz, ur, uh] = [0.7, -0.5, 0.9];
    let h = 0;
    for (const [xz, xr, xh] of steps as [number, number, number][]) {
      const z = sigmoid(xz + uz * h);
      const r = sigmoid(xr + ur * h);
      const candidate = Math.tanh(xh + uh * (r * h));
      h = z * h + (1 - z) * candidate;
    }
    const projection = tf.tensor3d([steps]);
    const kernel = tf.tensor2d([[uz, ur, uh]]);
    const out = gruSequenceLastState(projection, kernel, {
      activation: 'tanh',
      implementation: 'fused',
    });
    expect(out.shape).toEqual([1, 1]);
    expect(out.dataSync()[0]).toBeCloseTo(h, 6);
    tf.dispose([projection, kernel, out]);
  },
);
