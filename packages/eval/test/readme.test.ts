// Mirrors the README's usage example; keep the two in step.
import * as tf from '@tensorflow/tfjs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SeededRandom } from '@srnn/random';
import { learningCurvesSvg, resultsTable, trainClassifier } from '@srnn/eval';
import { temporaryDirectory } from './helpers';

function makeSplit(n: number, seed: number) {
  const maxLen = 6;
  const random = new SeededRandom(seed);
  const x = new Int32Array(n * maxLen);
  const y = new Int32Array(n);
  for (let row = 0; row < n; row++) {
    const label = random.nextInt(2);
    y[row] = label;
    for (let t = 0; t < maxLen; t++) x[row * maxLen + t] = 1 + 9 * label + random.nextInt(9);
  }
  return { x, shape: [n, maxLen] as [number, number], y };
}

async function example(outputDir: string) {
  await tf.setBackend('cpu');
  const model = tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: 19, outputDim: 8, inputLength: 6 }),
      tf.layers.globalAveragePooling1d(),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  const result = await trainClassifier({
    name: 'tiny',
    model,
    train: makeSplit(200, 1),
    validation: makeSplit(50, 2),
    test: makeSplit(50, 3),
    outputDir,
    batchSize: 20,
    epochs: 3,
    adam: { learningRate: 0.01 },
    progress: 'none',
  });
  if (result.status === 'interrupted') {
    console.log(result.message);
    return null;
  }
  console.log(`best epoch ${result.bestEpoch}, test accuracy ${result.test?.accuracy}`);
  console.log(resultsTable([result]).markdown());
  await writeFile(
    join(outputDir, 'accuracy.svg'),
    await learningCurvesSvg([{ name: 'tiny', history: result.history }], 'accuracy'),
  );
  return result;
}

it('runs the README example: the toy task is learnt and the chart is written', async () => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const dir = await temporaryDirectory();
  try {
    const result = await example(dir.path);
    expect(result?.status).toBe('completed');
    expect(result!.test!.accuracy).toBeGreaterThan(0.9);
    expect(log.mock.calls[1]![0]).toMatch(/^\| model \| params \| val % \| test % \|/);
    expect(await readFile(join(dir.path, 'accuracy.svg'), 'utf8')).toMatch(/^<svg/);
  } finally {
    log.mockRestore();
    await dir.cleanup();
  }
});
