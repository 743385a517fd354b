// Checks of the encoder as a tf.layers Layer: shapes, weights, serialization, seeds, order.
import * as tf from '@tensorflow/tfjs';
import type { CellDefinition, EncoderOptions } from '../contract';
import {
  assert,
  builtEncoder,
  encodeWith,
  maxAbsDifference,
  scramble,
  seededInput,
  variablesOf,
  type ConformanceCheck,
} from './helpers';

/** Input sizes the shape check tries: [sequences, steps, features]. */
const shapeCases: ReadonlyArray<readonly [number, number, number]> = [
  [1, 3, 2],
  [4, 5, 3],
  [7, 2, 6],
];

export function layerChecks<Options extends EncoderOptions>(
  definition: CellDefinition<Options>,
  options: Options,
): ConformanceCheck[] {
  const { units } = options;
  const seed = options.seed ?? 1;
  const label = `cell '${definition.name}'`;
  return [
    {
      name: `${definition.name}: output is [sequences, units] (last) and [sequences, steps, units] (every) for several input sizes`,
      run: async () => {
        for (const [sequences, steps, features] of shapeCases) {
          const encoder = builtEncoder(definition, options, features);
          const inputs = seededInput([sequences, steps, features], seed);
          const last = encoder.apply(inputs) as tf.Tensor;
          const every = encodeWith(encoder, inputs, { states: 'every', direction: 'backward' });
          const shapes = [last.shape.join(', '), every.shape.join(', ')];
          const finite = tf.tidy(
            () => tf.all(tf.isFinite(tf.concat([last.flatten(), every.flatten()]))).dataSync()[0],
          );
          tf.dispose([inputs, last, every]);
          encoder.dispose();
          assert(
            shapes[0] === `${sequences}, ${units}`,
            `${label}: input [${sequences}, ${steps}, ${features}] gave output [${shapes[0]}], expected [${sequences}, ${units}]`,
          );
          assert(
            shapes[1] === `${sequences}, ${steps}, ${units}`,
            `${label}: every state of [${sequences}, ${steps}, ${features}] is [${shapes[1]}], expected [${sequences}, ${steps}, ${units}]`,
          );
          assert(finite === 1, `${label}: output has non-finite values`);
        }
      },
    },
    {
      name: `${definition.name}: gradients reach every trainable weight`,
      run: async () => {
        const encoder = builtEncoder(definition, options, 2);
        const inputs = seededInput([3, 4, 2], seed);
        const weights = encoder.trainableWeights;
        assert(weights.length > 0, `${label}: the encoder has no trainable weights`);
        const { value, grads } = tf.variableGrads(
          () => tf.sum(tf.square(encodeWith(encoder, inputs))) as tf.Scalar,
          variablesOf(encoder),
        );
        const silent = weights.filter((w) => {
          const grad = grads[(w.read() as tf.Variable).name];
          return grad === undefined || tf.tidy(() => tf.max(tf.abs(grad))).dataSync()[0] === 0;
        });
        tf.dispose([value, inputs, ...Object.values(grads)]);
        encoder.dispose();
        assert(
          silent.length === 0,
          `${label}: no gradient reaches ${silent.map((w) => w.name).join(', ')}`,
        );
      },
    },
    {
      name: `${definition.name}: survives a save and load round trip with identical outputs`,
      run: async () => {
        const [steps, features] = [4, 3];
        const input = tf.input({ shape: [steps, features] });
        const encoder = definition.createEncoder(definition.optionsSchema.parse(options));
        const model = tf.model({
          inputs: input,
          outputs: encoder.apply(input) as tf.SymbolicTensor,
        });
        // Noise unrelated to the initialisers: a reload that re-initialised from the seed would differ.
        scramble(model as unknown as tf.layers.Layer, seed + 100);
        let artifacts: tf.io.ModelArtifacts | undefined;
        await model.save(
          tf.io.withSaveHandler(async (saved) => {
            artifacts = saved;
            return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
          }),
        );
        assert(artifacts !== undefined, `${label}: model.save produced no artifacts`);
        // Through JSON text, as a file would be, so that nothing survives by object identity.
        const topology = JSON.parse(JSON.stringify(artifacts.modelTopology)) as object;
        const loaded = await tf.loadLayersModel(
          tf.io.fromMemory({ ...artifacts, modelTopology: topology }),
        );
        const inputs = seededInput([2, steps, features], seed + 1);
        const before = model.predict(inputs) as tf.Tensor;
        const after = loaded.predict(inputs) as tf.Tensor;
        const difference = maxAbsDifference(before, after);
        tf.dispose([inputs, before, after]);
        model.dispose();
        loaded.dispose();
        assert(difference === 0, `${label}: outputs differ after reload by ${difference}`);
      },
    },
    {
      name: `${definition.name}: equal seeds give equal initial weights, other seeds differ`,
      run: async () => {
        const initialWeights = (encoderSeed: number): Float32Array[] => {
          const encoder = builtEncoder(definition, options, 4, { seed: encoderSeed });
          const values = encoder.getWeights().map((w) => w.dataSync() as Float32Array);
          encoder.dispose();
          return values;
        };
        const equal = (a: Float32Array[], b: Float32Array[]): boolean =>
          a.length === b.length && a.every((w, i) => w.every((v, j) => v === b[i]?.[j]));
        const first = initialWeights(seed);
        assert(
          equal(first, initialWeights(seed)),
          `${label}: two encoders with seed ${seed} have different weights`,
        );
        assert(
          !equal(first, initialWeights(seed + 1000)),
          `${label}: seeds ${seed} and ${seed + 1000} give the same weights`,
        );
      },
    },
    {
      name: `${definition.name}: works (forward and gradients) with a single step; the order of steps matters`,
      run: async () => {
        const encoder = builtEncoder(definition, options, 2);
        scramble(encoder, seed + 200);
        const single = seededInput([3, 1, 2], seed);
        const singleOutput = encodeWith(encoder, single);
        const singleShape = singleOutput.shape;
        // Gradients must flow through a single step too (tfjs cannot differentiate a 1-way unstack).
        const { value, grads } = tf.variableGrads(
          () => tf.sum(tf.square(encodeWith(encoder, single, { states: 'every' }))) as tf.Scalar,
          variablesOf(encoder),
        );
        tf.dispose([value, ...Object.values(grads)]);
        // One step read backwards is the same step.
        const singleBackward = encodeWith(encoder, single, { direction: 'backward' });
        const oneStepDifference = maxAbsDifference(singleOutput, singleBackward);
        // A recurrent encoder must see order: reversing the steps should change the last state.
        const sequence = seededInput([3, 4, 2], seed + 2);
        const reversed = tf.reverse(sequence, 1);
        const forward = encodeWith(encoder, sequence);
        const backward = encodeWith(encoder, reversed);
        const difference = maxAbsDifference(forward, backward);
        tf.dispose([single, singleOutput, singleBackward, sequence, reversed, forward, backward]);
        encoder.dispose();
        assert(
          singleShape[0] === 3 && singleShape[1] === units,
          `${label}: one step gave [${singleShape.join(', ')}], expected [3, ${units}]`,
        );
        assert(
          oneStepDifference < 1e-6,
          `${label}: one step read backwards differs from forwards by ${oneStepDifference}`,
        );
        assert(difference > 1e-6, `${label}: reversing the steps does not change the output`);
      },
    },
  ];
}
