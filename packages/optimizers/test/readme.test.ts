// Mirrors the usage example in README.md, so that the example stays true.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';
import { fusedAdam } from '@srnn/optimizers';

it('runs the README example: model.fit with fusedAdam, then checkpoint its state', async () => {
  // --- README example starts ---
  await selectBackend({ backend: 'wasm' });

  // Exactly tf.train.adam's update; defaults lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-8.
  const optimizer = fusedAdam(0.01);

  const model = tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: 1000, outputDim: 16, inputLength: 4 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const xs = tf.tensor2d([
    [1, 2, 3, 4],
    [5, 6, 7, 8],
  ]);
  const ys = tf.tensor2d([
    [1, 0],
    [0, 1],
  ]);
  const history = await model.fit(xs, ys, { epochs: 5, verbose: 0 });
  console.log(history.history['loss']); // falling, e.g. [0.69, 0.66, ...]

  // Its state, as tf.train.adam exposes it: [iter, <variable>/m ..., <variable>/v ...].
  const state = await optimizer.getWeights();
  const resumed = fusedAdam(0.01);
  await resumed.setWeights(state);
  // --- README example ends ---

  const losses = history.history['loss'] as number[];
  expect(losses[4]!).toBeLessThan(losses[0]!);
  // Three variables (embedding, dense kernel, dense bias): the count, 3 first and 3 second moments.
  expect(state.map((w) => w.name.replace(/^.*\//, ''))).toEqual([
    'iter',
    'm',
    'm',
    'm',
    'v',
    'v',
    'v',
  ]);
  expect(resumed.iterations).toBe(5);
  expect(optimizer.usesFusedKernel).toBe(true);
  tf.dispose([xs, ys]);
  model.dispose();
});
