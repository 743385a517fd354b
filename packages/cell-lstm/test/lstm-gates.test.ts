// The LSTM's description run by @srnn/recurrence's fused kernels against tfjs-layers' own LSTM
// with the same weights: the output and the gradients w.r.t. inputs, kernel, recurrent kernel and
// bias, on cpu and wasm, both layouts, both gate activations; with every state returned, and
// running backwards (tf.layers' goBackwards, whose every-state output is in run order).
import * as tf from '@tensorflow/tfjs';
import {
  selectBackend,
  setProductThreads,
  startProductWorkers,
  stopProductWorkers,
} from '@srnn/backend';
import { gatedRecurrence, MIN_SHARED_RECURRENCE_FLOPS } from '@srnn/recurrence';
import { recurrenceWorkerShares, setMinSharedRecurrenceFlops } from '@srnn/recurrence/testing';
import {
  lstmGates,
  lstmRecurrence,
  type LstmFusedActivation,
  type LstmFusedRecurrentActivation,
} from '../src/lstm-gates';

interface Case {
  sequences: number;
  steps: number;
  features: number;
  units: number;
}

const CASES: Case[] = [
  { sequences: 3, steps: 5, features: 4, units: 6 },
  { sequences: 1, steps: 7, features: 3, units: 5 },
  { sequences: 4, steps: 1, features: 2, units: 3 },
  { sequences: 2, steps: 9, features: 5, units: 7 },
];

const TOLERANCE = 1e-4;

type Weights = [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];

interface Mode {
  returnSequences: boolean;
  reverse: boolean;
}

interface Result {
  output: tf.Tensor;
  grads: tf.Tensor[];
}

const loss = (output: tf.Tensor, weights: tf.Tensor): tf.Scalar => tf.sum(tf.mul(output, weights));

/** Our output aligned with tf.layers': goBackwards lists every state in run order. */
const asLayers = (output: tf.Tensor, mode: Mode): tf.Tensor =>
  mode.returnSequences && mode.reverse ? tf.reverse(output, 1) : output;

function gradientsOf(
  x: tf.Variable,
  weights: tf.LayerVariable[],
  lossOf: () => tf.Scalar,
): tf.Tensor[] {
  const variables = [x, ...weights.map((w) => w.read() as tf.Variable)];
  const { value, grads } = tf.variableGrads(lossOf, variables);
  value.dispose();
  return variables.map((v) => grads[v.name]!);
}

/**
 * tfjs-layers' LSTM with the given weights. For one step its cell gives the gradients (the
 * layer's gradient fails there in tfjs 4.22: the gradient of a one-output unstack).
 */
function reference(
  c: Case,
  inputs: tf.Tensor3D,
  weights: Weights,
  lossWeights: tf.Tensor,
  activation: string,
  recurrentActivation: string,
  mode: Mode,
): Result {
  const settings = { units: c.units, activation, recurrentActivation } as Parameters<
    typeof tf.layers.lstmCell
  >[0];
  const layer = tf.layers.lstm({
    ...settings,
    returnSequences: mode.returnSequences,
    goBackwards: mode.reverse,
  });
  const output = tf.tidy(() => {
    layer.apply(inputs);
    layer.setWeights(weights);
    return layer.apply(inputs) as tf.Tensor;
  });
  const x = tf.variable(inputs);
  let grads: tf.Tensor[];
  if (c.steps > 1) {
    grads = gradientsOf(x, layer.trainableWeights, () =>
      loss(layer.apply(x) as tf.Tensor, lossWeights),
    );
  } else {
    const cell = tf.layers.lstmCell(settings);
    cell.build([c.sequences, c.features]);
    cell.setWeights(weights);
    const zero = tf.zeros([c.sequences, c.units]);
    const step = (): tf.Tensor => {
      const h = (cell.call([tf.squeeze(x, [1]), zero, zero], {}) as tf.Tensor[])[0]!;
      return mode.returnSequences ? tf.expandDims(h, 1) : h;
    };
    grads = gradientsOf(x, cell.trainableWeights, () => loss(step(), lossWeights));
    cell.weights.forEach((w) => w.dispose());
    zero.dispose();
  }
  layer.dispose();
  x.dispose();
  return { output, grads };
}

function fused(
  inputs: tf.Tensor3D,
  weights: Weights,
  lossWeights: tf.Tensor,
  activation: LstmFusedActivation,
  recurrentActivation: LstmFusedRecurrentActivation,
  timeMajor: boolean,
  mode: Mode,
): Result {
  const cell = lstmGates(activation, recurrentActivation);
  const run = (x: tf.Tensor, kernel: tf.Tensor, recurrentKernel: tf.Tensor, bias: tf.Tensor) =>
    tf.tidy(() => {
      const [sequences, steps, features] = x.shape as [number, number, number];
      const ordered = timeMajor ? tf.transpose(x, [1, 0, 2]) : x;
      const rows = tf.reshape(ordered, [sequences * steps, features]);
      const projection = tf.add(tf.matMul(rows, kernel as tf.Tensor2D), bias);
      const width = kernel.shape[1]!;
      const shaped = tf.reshape(
        projection,
        timeMajor ? [steps, sequences, width] : [sequences, steps, width],
      );
      const out = gatedRecurrence(cell, shaped as tf.Tensor3D, recurrentKernel as tf.Tensor2D, {
        timeMajor,
        implementation: 'fused',
        ...mode,
      });
      // Every state back in [sequences, steps, units], lined up as tf.layers lists them.
      return asLayers(mode.returnSequences && timeMajor ? tf.transpose(out, [1, 0, 2]) : out, mode);
    });
  const output = run(inputs, ...weights);
  const grads = tf.grads((x, k, u, b) => loss(run(x, k, u, b), lossWeights))([inputs, ...weights]);
  return { output, grads };
}

const SETTINGS: [LstmFusedActivation, LstmFusedRecurrentActivation, boolean][] = [
  ['tanh', 'sigmoid', false],
  ['tanh', 'hardSigmoid', true],
  ['linear', 'sigmoid', true],
  ['linear', 'hardSigmoid', false],
];

const MODES: Mode[] = [
  { returnSequences: false, reverse: false },
  { returnSequences: true, reverse: false },
  { returnSequences: false, reverse: true },
  { returnSequences: true, reverse: true },
];

// Every setting on every case with the plain mode; the other modes on the first two settings.
const RUNS = [
  ...SETTINGS.flatMap(([activation, gate, timeMajor]) =>
    CASES.map((c, i) => ({ ...c, activation, gate, timeMajor, seed: i, ...MODES[0]! })),
  ),
  ...MODES.slice(1).flatMap((mode, m) =>
    SETTINGS.slice(0, 2).flatMap(([activation, gate, timeMajor]) =>
      CASES.map((c, i) => ({ ...c, activation, gate, timeMajor, seed: 10 * (m + 1) + i, ...mode })),
    ),
  ),
];

beforeAll(async () => {
  await selectBackend({ backend: 'wasm', log: () => undefined });
  await selectBackend({ backend: 'cpu', log: () => undefined });
});

describe.each(['cpu', 'wasm'])('on %s, the fused LSTM matches tf.layers.lstm', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  test.each(RUNS)(
    'S=$sequences T=$steps F=$features U=$units, $activation/$gate, timeMajor $timeMajor, every state $returnSequences, reverse $reverse',
    ({ activation, gate, timeMajor, seed, returnSequences, reverse, ...c }) => {
      const mode = { returnSequences, reverse };
      const u = (shape: number[], s: number, scale: number) =>
        tf.randomUniform(shape, -scale, scale, 'float32', s);
      const inputs = u([c.sequences, c.steps, c.features], 10 + seed, 1) as tf.Tensor3D;
      const weights: Weights = [
        u([c.features, 4 * c.units], 20 + seed, 0.8) as tf.Tensor2D,
        u([c.units, 4 * c.units], 30 + seed, 0.8) as tf.Tensor2D,
        u([4 * c.units], 40 + seed, 0.5) as tf.Tensor1D,
      ];
      const lossWeights = u(
        returnSequences ? [c.sequences, c.steps, c.units] : [c.sequences, c.units],
        50 + seed,
        1,
      );
      const expected = reference(c, inputs, weights, lossWeights, activation, gate, mode);
      const actual = fused(inputs, weights, lossWeights, activation, gate, timeMajor, mode);
      const diff = (a: tf.Tensor, b: tf.Tensor) => {
        expect(a.shape).toEqual(b.shape);
        return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
      };
      expect(diff(actual.output, expected.output)).toBeLessThan(TOLERANCE);
      expected.grads.forEach((g, k) => expect(diff(actual.grads[k]!, g)).toBeLessThan(TOLERANCE));
      // The recurrent kernel's gradient is not trivially zero once there is a second step.
      if (c.steps > 1) expect(tf.max(tf.abs(actual.grads[2]!)).dataSync()[0]).toBeGreaterThan(1e-3);
      tf.dispose([inputs, weights, lossWeights, expected.output, expected.grads]);
      tf.dispose([actual.output, actual.grads]);
    },
  );
});

test('activations the fused LSTM does not compute are refused by name', () => {
  expect(() => lstmGates('relu' as LstmFusedActivation)).toThrow(
    "lstmGates: activation must be one of tanh, linear and recurrentActivation one of sigmoid, hardSigmoid; got 'relu', 'sigmoid'",
  );
});

describe('shared with worker threads (wasm)', () => {
  afterAll(async () => {
    setMinSharedRecurrenceFlops(MIN_SHARED_RECURRENCE_FLOPS);
    await stopProductWorkers();
  });

  test.each([false, true])(
    'both state parts and the gradients equal the cpu kernel (reverse and every state: %s)',
    async (both) => {
      const cell = lstmGates('tanh', 'sigmoid');
      const [S, T, U] = [150, 4, 5];
      const run = (): tf.Tensor[] => {
        const p = tf.randomUniform([S, T, 4 * U], -1.5, 1.5, 'float32', 1) as tf.Tensor3D;
        const k = tf.randomUniform([U, 4 * U], -0.5, 0.5, 'float32', 2) as tf.Tensor2D;
        const options = { implementation: 'fused' as const, reverse: both, returnSequences: both };
        const weights = tf.randomUniform(both ? [S, T, U] : [S, U], -1, 1, 'float32', 3);
        const out = gatedRecurrence(cell, p, k, options);
        const grads = tf.grads((a, b) =>
          tf.sum(
            tf.mul(gatedRecurrence(cell, a as tf.Tensor3D, b as tf.Tensor2D, options), weights),
          ),
        )([p, k]);
        tf.dispose([p, k, weights]);
        return [out, ...grads];
      };
      await tf.setBackend('cpu');
      const expected = run();
      await tf.setBackend('wasm');
      setProductThreads(2);
      setMinSharedRecurrenceFlops(0);
      expect(await startProductWorkers()).toBe(1);
      const before = recurrenceWorkerShares();
      const shared = run();
      // One share for each kernel call: the forward pass, and the forward and backward in tf.grads.
      expect(recurrenceWorkerShares() - before).toBe(3);
      shared.forEach((t, i) =>
        expect(tf.tidy(() => tf.max(tf.abs(tf.sub(t, expected[i]!))).dataSync()[0])).toBeLessThan(
          2e-5,
        ),
      );
      tf.dispose([...expected, ...shared]);
    },
    120000,
  );
});

describe('lstmRecurrence', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  test.each([
    ['relu', 'sigmoid', false],
    ['softsign', 'hardSigmoid', true],
    ['tanh', 'sigmoid', true],
  ] as const)(
    '%s / %s (every state, backwards: %s) equals tf.layers.lstm',
    (activation, recurrentActivation, both) => {
      const [S, T, F, U] = [3, 5, 4, 6];
      const inputs = tf.randomUniform([S, T, F], -1, 1, 'float32', 61) as tf.Tensor3D;
      const layer = tf.layers.lstm({
        units: U,
        activation,
        recurrentActivation,
        returnSequences: both,
        goBackwards: both,
      });
      const expected = tf.tidy(() => {
        layer.apply(inputs);
        layer.setWeights([
          tf.randomUniform([F, 4 * U], -0.8, 0.8, 'float32', 62),
          tf.randomUniform([U, 4 * U], -0.8, 0.8, 'float32', 63),
          tf.randomUniform([4 * U], -0.5, 0.5, 'float32', 64),
        ]);
        return layer.apply(inputs) as tf.Tensor;
      });
      const [kernel, recurrentKernel, bias] = layer.getWeights() as [
        tf.Tensor2D,
        tf.Tensor2D,
        tf.Tensor1D,
      ];
      const actual = tf.tidy(() => {
        const projection = tf.reshape(
          tf.add(tf.matMul(tf.reshape(inputs, [S * T, F]), kernel), bias),
          [S, T, 4 * U],
        ) as tf.Tensor3D;
        const out = lstmRecurrence(projection, recurrentKernel, {
          activation,
          recurrentActivation,
          reverse: both,
          returnSequences: both,
        });
        return both ? tf.reverse(out, 1) : out;
      });
      expect(actual.shape).toEqual(expected.shape);
      expect(tf.tidy(() => tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0])).toBeLessThan(
        1e-5,
      );
      tf.dispose([inputs, expected, actual]);
      layer.dispose();
    },
  );
});
