// The README's usage example, kept true: the same code, run on the hand-written fixture.
import { selectBackend } from '@srnn/backend';
import * as tf from '@tensorflow/tfjs';
import { loadTrainedModel, prepareData, trainModel } from '../src';
import { REVIEWS_CSV, temporaryDir } from './helpers';

async function example(csvFile: string, outDir: string) {
  await selectBackend({ backend: 'cpu' });

  const data = await prepareData(
    { kind: 'files', train: csvFile },
    { maxLength: 16, vocabulary: 1000, seed: 2018 },
  );

  const outcome = await trainModel({
    data,
    model: { architecture: 'srnn', spec: 'SRNN(4,1)', units: 8, embeddingDim: 8 },
    training: { epochs: 3, batchSize: 16, learningRate: 0.05, seed: 5 },
    outDir,
    progress: 'none',
  });
  if (outcome.status === 'interrupted') return null;

  const trained = await loadTrainedModel(outDir);
  try {
    const [prediction] = await trained.predict(['The food was great and the staff were friendly']);
    const evaluation = await trained.evaluate({ kind: 'files', train: csvFile });
    return { testAccuracy: outcome.training.test?.accuracy, prediction, evaluation };
  } finally {
    trained.dispose();
  }
}

test('the README example trains, predicts and evaluates', async () => {
  tf.env().set('PROD', true);
  const { dir, cleanup } = await temporaryDir();
  try {
    const tensorsBefore = tf.memory().numTensors;
    const result = await example(REVIEWS_CSV, dir);
    expect(result).not.toBeNull();
    expect(result!.prediction!.label).toBe('pos');
    expect(result!.evaluation.count).toBe(80);
    expect(result!.evaluation.accuracy).toBeGreaterThan(0.8);
    expect(result!.testAccuracy).toBeGreaterThanOrEqual(0);
    // Training, loading and predicting leave no tensors behind.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  } finally {
    await cleanup();
  }
});
