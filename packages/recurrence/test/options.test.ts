// Option and shape validation, the choice between the fused kernel and tfjs ops, and that both
// give the same numbers.
import * as tf from '@tensorflow/tfjs';
import {
  gatedRecurrence,
  gruLastStateWithOps,
  gruSequenceLastState,
  resolveGruSequenceOptions,
  resolveRecurrenceOptions,
} from '../src';
import { minimalGatedUnit } from './examples/minimal-gated-unit';
import { loadBackends, maxAbsDiff, seededUniform } from './helpers';

beforeAll(loadBackends);
beforeEach(async () => {
  await tf.setBackend('cpu');
});

describe('options', () => {
  test('defaults: batch-major, linear, sigmoid, auto, forwards, last state', () => {
    expect(resolveGruSequenceOptions(undefined)).toEqual({
      timeMajor: false,
      activation: 'linear',
      recurrentActivation: 'sigmoid',
      implementation: 'auto',
      reverse: false,
      returnSequences: false,
    });
  });

  test('a bad name is reported with its field and the allowed values', () => {
    expect(() => resolveGruSequenceOptions({ activation: 'relu' })).toThrow(
      "activation: must be one of 'linear', 'tanh' or a function of tensors",
    );
    expect(() => resolveGruSequenceOptions({ recurrentActivation: 'tanh' })).toThrow(
      "recurrentActivation: must be one of 'sigmoid', 'hardSigmoid' or a function of tensors",
    );
    expect(() => resolveGruSequenceOptions({ implementation: 'gpu' })).toThrow(
      "implementation: must be one of 'auto', 'fused', 'ops'",
    );
    expect(() => resolveGruSequenceOptions({ timeMajor: 'yes' })).toThrow(
      'timeMajor: must be true or false',
    );
    expect(() => resolveGruSequenceOptions({ units: 3 })).toThrow(
      "unknown field 'units'; valid fields: timeMajor, activation",
    );
  });
});

describe('any cell', () => {
  test('run modes: defaults, and bad values named with what is allowed', () => {
    expect(resolveRecurrenceOptions(undefined)).toEqual({
      timeMajor: false,
      reverse: false,
      returnSequences: false,
      implementation: 'auto',
    });
    expect(() => resolveRecurrenceOptions({ reverse: 1 })).toThrow(
      'gatedRecurrence options: reverse: must be true or false',
    );
    expect(() => resolveRecurrenceOptions({ units: 3 })).toThrow(
      "unknown field 'units'; valid fields: timeMajor, reverse, returnSequences, implementation",
    );
  });

  test("shapes are checked against the cell's blocks", () => {
    const p = tf.zeros([2, 3, 6]) as tf.Tensor3D;
    const k = tf.zeros([3, 9]) as tf.Tensor2D;
    expect(() => gatedRecurrence(minimalGatedUnit, p, k)).toThrow(
      'gatedRecurrence: recurrentKernel must be [units, 2 * units] with units >= 1; got [3, 9]',
    );
    tf.dispose([p, k]);
  });

  test('gruSequenceLastState refuses returnSequences and names gruSequence', () => {
    const p = tf.zeros([1, 2, 6]) as tf.Tensor3D;
    const k = tf.zeros([2, 6]) as tf.Tensor2D;
    expect(() => gruSequenceLastState(p, k, { returnSequences: true })).toThrow('use gruSequence');
    tf.dispose([p, k]);
  });
});

describe('shapes', () => {
  const kernel = tf.zeros([4, 12]) as tf.Tensor2D;
  afterAll(() => kernel.dispose());

  test('a kernel that is not [units, 3 * units] is rejected', () => {
    const bad = tf.zeros([4, 8]) as tf.Tensor2D;
    const p = tf.zeros([2, 3, 12]) as tf.Tensor3D;
    expect(() => gruSequenceLastState(p, bad)).toThrow(
      'recurrentKernel must be [units, 3 * units] with units >= 1; got [4, 8]',
    );
    tf.dispose([bad, p]);
  });

  test('a projection whose last dimension is not 3 * units is rejected', () => {
    const p = tf.zeros([2, 3, 9]) as tf.Tensor3D;
    expect(() => gruSequenceLastState(p, kernel)).toThrow(
      'inputProjection must be rank 3 with last dimension 3 * units = 12; got [2, 3, 9]',
    );
    p.dispose();
  });

  test('an empty projection is rejected', () => {
    const p = tf.zeros([0, 3, 12]) as tf.Tensor3D;
    expect(() => gruSequenceLastState(p, kernel)).toThrow('steps and sequences must be at least 1');
    p.dispose();
  });

  test('int32 inputs are rejected', () => {
    const p = tf.zeros([1, 1, 12], 'int32') as tf.Tensor3D;
    expect(() => gruSequenceLastState(p, kernel)).toThrow(
      'inputProjection has dtype int32; expected float32',
    );
    p.dispose();
  });
});

describe('implementations', () => {
  test("'fused' with a custom activation is an error naming the reason", () => {
    const p = tf.zeros([1, 2, 6]) as tf.Tensor3D;
    const k = tf.zeros([2, 6]) as tf.Tensor2D;
    expect(() =>
      gruSequenceLastState(p, k, { activation: (x) => tf.relu(x), implementation: 'fused' }),
    ).toThrow('an activation is a custom function');
    tf.dispose([p, k]);
  });

  test('a custom activation runs as tfjs ops and equals the named one it mimics', () => {
    const p = seededUniform([3, 4, 15], 1) as tf.Tensor3D;
    const k = seededUniform([5, 15], 2, 0.5) as tf.Tensor2D;
    const custom = gruSequenceLastState(p, k, { activation: (x) => tf.tanh(x) });
    const named = gruSequenceLastState(p, k, { activation: 'tanh' });
    expect(maxAbsDiff(custom, named)).toBeLessThan(1e-5);
    tf.dispose([p, k, custom, named]);
  });

  test.each([
    ['cpu', 4],
    ['wasm', 4],
    ['cpu', 1],
  ])(
    "on %s with %i step(s), 'ops' and 'fused' agree in value and gradient",
    async (backend, steps) => {
      await tf.setBackend(backend as string);
      const p = seededUniform([6, steps as number, 15], 3) as tf.Tensor3D;
      const k = seededUniform([5, 15], 4, 0.5) as tf.Tensor2D;
      const run = (implementation: 'ops' | 'fused') =>
        tf.grads((a, b) =>
          tf.sum(
            tf.square(
              gruSequenceLastState(a as tf.Tensor3D, b as tf.Tensor2D, {
                recurrentActivation: 'hardSigmoid',
                implementation,
              }),
            ),
          ),
        )([p, k]);
      const [ops, fused] = [run('ops'), run('fused')];
      ops.forEach((g, i) => expect(maxAbsDiff(g, fused[i]!)).toBeLessThan(1e-5));
      tf.dispose([p, k, ops, fused]);
    },
  );

  test('gruLastStateWithOps takes time-major projections as well', () => {
    const p = seededUniform([2, 3, 6], 5) as tf.Tensor3D;
    const k = seededUniform([2, 6], 6) as tf.Tensor2D;
    const batchMajor = gruLastStateWithOps(p, k, false, (x) => x, tf.sigmoid);
    const transposed = tf.transpose(p, [1, 0, 2]) as tf.Tensor3D;
    const timeMajor = gruLastStateWithOps(transposed, k, true, (x) => x, tf.sigmoid);
    expect(maxAbsDiff(batchMajor, timeMajor)).toBe(0);
    tf.dispose([p, k, batchMajor, transposed, timeMajor]);
  });
});

describe('long sequences on wasm', () => {
  // The kernel gradient sums rows (step, sequence) in blocks of about 256: sequences in the inner
  // loop (several blocks of steps), steps in the inner loop (few sequences, many steps), and more
  // sequences than one block holds.
  test.each([
    { sequences: 40, steps: 60, units: 9, timeMajor: false },
    { sequences: 3, steps: 300, units: 5, timeMajor: false },
    { sequences: 3, steps: 300, units: 5, timeMajor: true },
    { sequences: 300, steps: 3, units: 6, timeMajor: true },
  ])(
    'the kernel gradient over S=$sequences, T=$steps (timeMajor $timeMajor) equals the tfjs-ops one',
    async ({ sequences, steps, units, timeMajor }) => {
      await tf.setBackend('wasm');
      const shape = timeMajor ? [steps, sequences, 3 * units] : [sequences, steps, 3 * units];
      const p = seededUniform(shape, 7, 0.5) as tf.Tensor3D;
      const k = seededUniform([units, 3 * units], 8, 0.4) as tf.Tensor2D;
      const run = (implementation: 'ops' | 'fused') =>
        tf.grads((a, b) =>
          tf.sum(
            tf.mul(
              gruSequenceLastState(a as tf.Tensor3D, b as tf.Tensor2D, {
                implementation,
                timeMajor,
                activation: 'tanh',
              }),
              0.1,
            ),
          ),
        )([p, k]);
      const [ops, fused] = [run('ops'), run('fused')];
      ops.forEach((g, i) => expect(maxAbsDiff(g, fused[i]!)).toBeLessThan(1e-4));
      expect(tf.max(tf.abs(fused[1]!)).dataSync()[0]).toBeGreaterThan(1e-3);
      tf.dispose([p, k, ops, fused]);
    },
  );
});
