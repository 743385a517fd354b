// The README's worked example: a minimal gated unit described for the fused recurrence, run
// fused on cpu and wasm and compared with its own tfjs-ops step (values and gradients, every
// mode), and with a hand-worked step. The README quotes test/examples/minimal-gated-unit.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { gatedRecurrence, type RecurrenceOptions } from '../src';
import { minimalGatedUnit } from './examples/minimal-gated-unit';
import { loadBackends, maxAbsDiff, seededUniform } from './helpers';

beforeAll(loadBackends);

const MODES: RecurrenceOptions[] = [
  {},
  { timeMajor: true },
  { reverse: true },
  { returnSequences: true },
  { reverse: true, returnSequences: true, timeMajor: true },
];

describe.each(['cpu', 'wasm'])('on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  test.each(MODES)('fused equals the ops step in value and gradients: %j', (mode) => {
    const [S, T, U] = [5, 6, 7];
    const p = seededUniform(mode.timeMajor ? [T, S, 2 * U] : [S, T, 2 * U], 1, 1.5) as tf.Tensor3D;
    const k = seededUniform([U, 2 * U], 2, 0.6) as tf.Tensor2D;
    const outShape = mode.returnSequences ? (mode.timeMajor ? [T, S, U] : [S, T, U]) : [S, U];
    const weights = seededUniform(outShape, 3);
    const run = (implementation: 'ops' | 'fused') => {
      const options = { ...mode, implementation };
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        gatedRecurrence(minimalGatedUnit, a as tf.Tensor3D, b as tf.Tensor2D, options);
      return [f(p, k), ...tf.grads((a, b) => tf.sum(tf.mul(f(a, b), weights)))([p, k])];
    };
    const [ops, fused] = [run('ops'), run('fused')];
    ops.forEach((t, i) => expect(maxAbsDiff(fused[i]!, t)).toBeLessThan(1e-5));
    expect(tf.max(tf.abs(fused[2]!)).dataSync()[0]).toBeGreaterThan(1e-2);
    tf.dispose([p, k, weights, ...ops, ...fused]);
  });

  test('two steps of one unit equal the scalar formulas', () => {
    const steps = [
      [0.4, -0.3],
      [-0.2, 0.8],
    ];
    const [uf, uc] = [0.6, -0.7];
    let h = 0;
    for (const [xf, xc] of steps as [number, number][]) {
      const f = 1 / (1 + Math.exp(-(xf + uf * h)));
      const c = Math.tanh(xc + uc * f * h);
      h = h + f * (c - h);
    }
    const out = gatedRecurrence(minimalGatedUnit, tf.tensor3d([steps]), tf.tensor2d([[uf, uc]]), {
      implementation: 'fused',
    });
    expect(out.dataSync()[0]).toBeCloseTo(h, 6);
    out.dispose();
  });
});

test('the README quotes the example file as it is', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const example = readFileSync(join(__dirname, 'examples', 'minimal-gated-unit.ts'), 'utf8');
  expect(readme).toContain(example.trim());
});
