// The fused recurrence against tfjs-layers' own GRU (resetAfter false) with the same weights:
// last state and the gradients w.r.t. inputs, kernel, recurrent kernel and bias.
import * as tf from '@tensorflow/tfjs';
import { gruSequenceLastState, type FusedActivation, type FusedRecurrentActivation } from '../src';
import { loadBackends, maxAbsDiff, seededUniform } from './helpers';

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

interface Result {
  output: tf.Tensor;
  /** Gradients w.r.t. inputs, kernel, recurrent kernel, bias. */
  grads: tf.Tensor[];
}

/** A weighted sum, so every output element gets a distinct gradient. */
function loss(output: tf.Tensor, weights: tf.Tensor): tf.Scalar {
  return tf.sum(tf.mul(output, weights));
}

/** Gradients of the loss w.r.t. the inputs and the three weights of a layer or cell. */
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
 * tfjs-layers' own GRU with the given weights. For one step the gradients come from its cell
 * (`tf.layers.gruCell`, the same weights and math): the layer's gradient fails there in tfjs 4.22,
 * because the gradient of an unstack with a single output fails inside tf.stack.
 */
function reference(
  c: Case,
  inputs: tf.Tensor3D,
  weights: [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D],
  lossWeights: tf.Tensor,
  activation: FusedActivation,
  recurrentActivation: FusedRecurrentActivation,
): Result {
  const settings = { units: c.units, activation, recurrentActivation, resetAfter: false };
  const layer = tf.layers.gru({ ...settings, returnSequences: false });
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
    const cell = tf.layers.gruCell(settings);
    cell.build([c.sequences, c.features]);
    cell.setWeights(weights);
    const step = (): tf.Tensor =>
      (cell.call([tf.squeeze(x, [1]), tf.zeros([c.sequences, c.units])], {}) as tf.Tensor[])[0]!;
    grads = gradientsOf(x, cell.trainableWeights, () => loss(step(), lossWeights));
    // A cell used only through call() cannot be disposed as a layer; free its weights directly.
    cell.weights.forEach((w) => w.dispose());
  }
  layer.dispose();
  x.dispose();
  return { output, grads };
}

function fused(
  inputs: tf.Tensor3D,
  weights: [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D],
  lossWeights: tf.Tensor,
  activation: FusedActivation,
  recurrentActivation: FusedRecurrentActivation,
  timeMajor: boolean,
): Result {
  const run = (x: tf.Tensor, kernel: tf.Tensor, recurrentKernel: tf.Tensor, bias: tf.Tensor) =>
    tf.tidy(() => {
      const [sequences, steps, features] = x.shape as [number, number, number];
      const ordered = timeMajor ? tf.transpose(x, [1, 0, 2]) : x;
      const rows = tf.reshape(ordered, [sequences * steps, features]);
      const projection = tf.add(tf.matMul(rows, kernel as tf.Tensor2D), bias);
      const shaped = timeMajor
        ? tf.reshape(projection, [steps, sequences, kernel.shape[1]!])
        : tf.reshape(projection, [sequences, steps, kernel.shape[1]!]);
      return gruSequenceLastState(shaped as tf.Tensor3D, recurrentKernel as tf.Tensor2D, {
        activation,
        recurrentActivation,
        timeMajor,
        implementation: 'fused',
      });
    });
  const output = run(inputs, ...weights);
  const grads = tf.grads((x, k, u, b) => loss(run(x, k, u, b), lossWeights))([inputs, ...weights]);
  return { output, grads };
}

const SETTINGS: [FusedActivation, FusedRecurrentActivation, boolean][] = [
  ['linear', 'sigmoid', false],
  ['tanh', 'sigmoid', true],
  ['tanh', 'hardSigmoid', false],
  ['linear', 'hardSigmoid', true],
];

const RUNS = SETTINGS.flatMap(([activation, gate, timeMajor]) =>
  CASES.map((c, i) => ({ ...c, activation, gate, timeMajor, seed: i })),
);

beforeAll(loadBackends);

describe.each(['cpu', 'wasm'])('on %s, matches tf.layers.gru', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  test.each(RUNS)(
    'S=$sequences T=$steps F=$features U=$units, $activation/$gate, timeMajor $timeMajor',
    ({ activation, gate, timeMajor, seed, ...c }) => {
      const inputs = seededUniform([c.sequences, c.steps, c.features], 10 + seed) as tf.Tensor3D;
      const weights: [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D] = [
        seededUniform([c.features, 3 * c.units], 20 + seed, 0.8) as tf.Tensor2D,
        seededUniform([c.units, 3 * c.units], 30 + seed, 0.8) as tf.Tensor2D,
        seededUniform([3 * c.units], 40 + seed, 0.5) as tf.Tensor1D,
      ];
      const lossWeights = seededUniform([c.sequences, c.units], 50 + seed);
      const expected = reference(c, inputs, weights, lossWeights, activation, gate);
      const actual = fused(inputs, weights, lossWeights, activation, gate, timeMajor);
      expect(maxAbsDiff(actual.output, expected.output)).toBeLessThan(TOLERANCE);
      expected.grads.forEach((g, k) => {
        expect(actual.grads[k]!.shape).toEqual(g.shape);
        expect(maxAbsDiff(actual.grads[k]!, g)).toBeLessThan(TOLERANCE);
      });
      // The recurrent kernel's gradient is not trivially zero once there is a second step.
      if (c.steps > 1) expect(tf.max(tf.abs(actual.grads[2]!)).dataSync()[0]).toBeGreaterThan(1e-3);
      tf.dispose([inputs, weights, lossWeights, expected.output, expected.grads]);
      tf.dispose([actual.output, actual.grads]);
    },
  );
});
