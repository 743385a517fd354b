import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerKernelFixes } from '../src';
import { randomInts, randomValues, seededRandom } from './helpers';

// End to end: the layers an SRNN is built from (Embedding, GRU, Dense) train on wasm with the
// fixes, one step at a time, exactly as on cpu.

const random = seededRandom(53);
const tokens = randomInts(random, 4 * 10, 0, 50);
const labels = randomInts(random, 4, 0, 2);

function buildModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: 50, outputDim: 8, inputLength: 10 }),
      tf.layers.gru({ units: 6, recurrentActivation: 'sigmoid' }),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  // SGD, not Adam: Adam's first step moves each weight by about lr * sign(g), so a gradient element
  // near zero, summed in another order on each backend, could move by different amounts (it did,
  // by 3.5e-5, with unseeded initial weights); SGD keeps the difference in proportion to the
  // gradients' difference.
  model.compile({ optimizer: tf.train.sgd(0.5), loss: 'sparseCategoricalCrossentropy' });
  return model;
}

async function trainTwoSteps(backend: string, weights: number[][]) {
  await tf.setBackend(backend);
  const model = buildModel();
  model.setWeights(weights.map((w, i) => tf.tensor(w, model.getWeights()[i]?.shape)));
  const x = tf.tensor2d(tokens, [4, 10], 'int32');
  const y = tf.tensor1d(labels, 'float32');
  const losses = [
    (await model.trainOnBatch(x, y)) as number,
    (await model.trainOnBatch(x, y)) as number,
  ];
  const trained = model.getWeights().map((w) => Array.from(w.dataSync()));
  tf.dispose([x, y]);
  model.dispose();
  return { losses, trained };
}

it('trains Embedding + GRU + Dense on wasm as on cpu', async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  registerKernelFixes('wasm');
  // Seeded initial weights (the layers' own initialisers draw from Math.random), so a failure repeats.
  const initialModel = buildModel();
  const initial = initialModel
    .getWeights()
    .map((w) => randomValues(random, w.size).map((v) => 0.5 * v));
  initialModel.dispose();
  const onCpu = await trainTwoSteps('cpu', initial);
  const onWasm = await trainTwoSteps('wasm', initial);
  onWasm.losses.forEach((loss, i) => expect(loss).toBeCloseTo(onCpu.losses[i] as number, 5));
  onWasm.trained.forEach((values, i) => {
    const reference = onCpu.trained[i] as number[];
    const worst = Math.max(...values.map((v, j) => Math.abs(v - (reference[j] as number))));
    expect(worst).toBeLessThan(1e-5);
  });
  // The embedding did learn: rows of the tokens used moved.
  const embeddingChange = onWasm.trained[0]?.some((v, j) => v !== initial[0]?.[j]);
  expect(embeddingChange).toBe(true);
});
