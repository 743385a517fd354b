// Median milliseconds per training step (forward, backward, Adam update) of a small embedding +
// GRU classifier on the cpu backend, at a few sequence lengths. Settings are printed beside each
// figure. Run with `pnpm bench`.
import * as tf from '@tensorflow/tfjs';
import { machineInfo, randomTokenBatch, table, timeTrainingSteps } from '../src';

const settings = {
  batch: 16,
  vocab: 100,
  embedding: 16,
  units: 16,
  classes: 5,
  steps: 5,
  warmup: 1,
};

const batchOf = (maxLen: number) =>
  randomTokenBatch(settings.batch, maxLen, settings.vocab, settings.classes, 1);

async function main(): Promise<void> {
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  const rows: { maxLen: number; medianMs: number }[] = [];
  for (const maxLen of [16, 64]) {
    const model = tf.sequential({
      layers: [
        tf.layers.embedding({
          inputDim: settings.vocab,
          outputDim: settings.embedding,
          inputLength: maxLen,
        }),
        tf.layers.gru({ units: settings.units, recurrentActivation: 'sigmoid' }),
        tf.layers.dense({ units: settings.classes, activation: 'softmax' }),
      ],
    });
    const timing = await timeTrainingSteps(model, batchOf(maxLen), {
      steps: settings.steps,
      warmup: settings.warmup,
    });
    rows.push({ maxLen, medianMs: timing.medianMs });
    model.dispose();
  }
  const m = machineInfo();
  console.log(
    `settings ${JSON.stringify(settings)}, backend ${m.tfBackend}, ${m.cpuModel} x${m.cores}, node ${m.nodeVersion}`,
  );
  console.log(
    table(rows, [
      { header: 'maxLen', value: 'maxLen' },
      { header: 'median ms/step', value: 'medianMs', format: (v) => (v as number).toFixed(1) },
    ]).markdown(),
  );
}

void main();
