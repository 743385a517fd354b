// The conformance kit: checks every cell package runs in its own tests. Framework-agnostic: each
// check is an async function that throws an Error describing the failure.
import * as tf from '@tensorflow/tfjs';
import type { CellDefinition, EncoderOptions } from './contract';

/** One named conformance check; `run` rejects with a descriptive Error when the cell fails it. */
export interface ConformanceCheck {
  name: string;
  run: () => Promise<void>;
}

/** Input sizes the shape check tries: [sequences, steps, features]. */
const shapeCases: ReadonlyArray<readonly [number, number, number]> = [
  [1, 3, 2],
  [4, 5, 3],
  [7, 2, 6],
];

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function encoderFor<Options extends EncoderOptions>(
  definition: CellDefinition<Options>,
  options: Options,
  overrides: Partial<EncoderOptions> = {},
): tf.layers.Layer {
  return definition.createEncoder(definition.optionsSchema.parse({ ...options, ...overrides }));
}

/** Runs `encoder` on `inputs` and returns the output, checking it is a single tensor. */
function encode(encoder: tf.layers.Layer, inputs: tf.Tensor): tf.Tensor {
  const output = encoder.apply(inputs);
  assert(output instanceof tf.Tensor, 'encoder.apply must return a single tensor');
  return output;
}

/** Builds a one-layer functional model around `encoder` for `steps` x `features` inputs. */
function wrapInModel(encoder: tf.layers.Layer, steps: number, features: number): tf.LayersModel {
  const input = tf.input({ shape: [steps, features] });
  const output = encoder.apply(input) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

function seededInput(shape: [number, number, number], seed: number): tf.Tensor3D {
  return tf.randomNormal(shape, 0, 1, 'float32', seed);
}

function maxAbsDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b)))).dataSync()[0] ?? Number.NaN;
}

/**
 * The checks a cell must pass to be used by the SRNN model.
 *
 * `options` must give small `units` (e.g. 3) and a `seed`; the checks build several encoders from
 * them. Usage in a jest test: `for (const c of cellConformanceChecks(def, opts)) it(c.name, c.run)`.
 */
export function cellConformanceChecks<Options extends EncoderOptions>(
  definition: CellDefinition<Options>,
  options: Options,
): ConformanceCheck[] {
  const units = options.units;
  const seed = options.seed ?? 1;
  const label = `cell '${definition.name}'`;

  return [
    {
      name: `${definition.name}: output is [sequences, units] for several input sizes`,
      run: async () => {
        for (const [sequences, steps, features] of shapeCases) {
          const encoder = encoderFor(definition, options);
          const inputs = seededInput([sequences, steps, features], seed);
          const output = encode(encoder, inputs);
          const shape = output.shape;
          const finite = tf.tidy(() => tf.all(tf.isFinite(output)).dataSync()[0]);
          tf.dispose([inputs, output]);
          encoder.dispose();
          assert(
            shape.length === 2 && shape[0] === sequences && shape[1] === units,
            `${label}: input [${sequences}, ${steps}, ${features}] gave output [${shape.join(', ')}], expected [${sequences}, ${units}]`,
          );
          assert(finite === 1, `${label}: output has non-finite values`);
        }
      },
    },
    {
      name: `${definition.name}: gradients reach every trainable weight`,
      run: async () => {
        const encoder = encoderFor(definition, options);
        const inputs = seededInput([3, 4, 2], seed);
        encode(encoder, inputs).dispose(); // builds the weights
        const weights = encoder.trainableWeights;
        assert(weights.length > 0, `${label}: the encoder has no trainable weights`);
        // LayerVariable.read() returns the underlying tf.Variable.
        const variables = weights.map((w) => w.read() as tf.Variable);
        const { value, grads } = tf.variableGrads(
          () => tf.sum(tf.square(encode(encoder, inputs))) as tf.Scalar,
          variables,
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
        const model = wrapInModel(encoderFor(definition, options), steps, features);
        // Noise unrelated to the initialisers: a reload that re-initialised from the seed would differ.
        const noise = model
          .getWeights()
          .map((w, i) => tf.randomNormal(w.shape, 0, 0.5, 'float32', seed + 100 + i));
        model.setWeights(noise);
        tf.dispose(noise);
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
        const sameShape = before.shape.join() === after.shape.join();
        tf.dispose([inputs, before, after]);
        model.dispose();
        loaded.dispose();
        assert(
          sameShape && difference === 0,
          `${label}: outputs differ after reload by ${difference}`,
        );
      },
    },
    {
      name: `${definition.name}: equal seeds give equal initial weights, other seeds differ`,
      run: async () => {
        const initialWeights = (encoderSeed: number): Float32Array[] => {
          const encoder = encoderFor(definition, options, { seed: encoderSeed });
          const inputs = seededInput([2, 3, 4], 7);
          encode(encoder, inputs).dispose();
          inputs.dispose();
          const values = encoder.getWeights().map((w) => w.dataSync() as Float32Array);
          encoder.dispose();
          return values;
        };
        const first = initialWeights(seed);
        const second = initialWeights(seed);
        const other = initialWeights(seed + 1000);
        const equal = (a: Float32Array[], b: Float32Array[]): boolean =>
          a.length === b.length && a.every((w, i) => w.every((v, j) => v === b[i]?.[j]));
        assert(
          equal(first, second),
          `${label}: two encoders with seed ${seed} have different weights`,
        );
        assert(
          !equal(first, other),
          `${label}: seeds ${seed} and ${seed + 1000} give the same weights`,
        );
      },
    },
    {
      name: `${definition.name}: works (forward and gradients) with a single step; the order of steps matters`,
      run: async () => {
        const encoder = encoderFor(definition, options);
        const single = seededInput([3, 1, 2], seed);
        const singleOutput = encode(encoder, single);
        const singleShape = singleOutput.shape;
        // Gradients must flow through a single step too (tfjs cannot differentiate a 1-way unstack).
        const variables = encoder.trainableWeights.map((w) => w.read() as tf.Variable);
        const { value, grads } = tf.variableGrads(
          () => tf.sum(tf.square(encode(encoder, single))) as tf.Scalar,
          variables,
        );
        tf.dispose([value, ...Object.values(grads)]);
        // A recurrent encoder must see order: reversing the steps should change the last state.
        const sequence = seededInput([3, 4, 2], seed + 2);
        const reversed = tf.reverse(sequence, 1);
        const forward = encode(encoder, sequence);
        const backward = encode(encoder, reversed);
        const difference = maxAbsDifference(forward, backward);
        tf.dispose([single, singleOutput, sequence, reversed, forward, backward]);
        encoder.dispose();
        assert(
          singleShape[0] === 3 && singleShape[1] === units,
          `${label}: one step gave [${singleShape.join(', ')}], expected [3, ${units}]`,
        );
        assert(difference > 1e-6, `${label}: reversing the steps does not change the output`);
      },
    },
  ];
}
