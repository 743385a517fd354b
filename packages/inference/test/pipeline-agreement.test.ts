// @srnn/inference encodes and predicts exactly as @srnn/pipeline's loadTrainedModel does: the
// same labels and probabilities to 1e-6 for the first-release fixtures and a freshly trained
// bundle, and the fixtures' recorded answers.
import { loadTrainedModel, prepareData, trainModel } from '@srnn/pipeline';
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClassifierFromDirectory } from '../src/node';

const LEGACY = join(__dirname, '..', '..', '..', 'test-fixtures', 'legacy-models');
const REVIEWS = join(__dirname, '..', '..', 'pipeline', 'test', 'fixtures', 'reviews.csv');
const RECORDED = ['The food was great', 'Terrible service, cold food and a rude waiter', 'ok'];
const TEXTS = [
  ...RECORDED,
  '',
  'qwzx vbnm',
  'the the the the the the the the the the the the the the the the the the the the food',
  'Cold food, rude staff, never again',
];

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

async function expectSamePredictions(dir: string): Promise<void> {
  const pipeline = await loadTrainedModel(dir);
  const inference = await loadClassifierFromDirectory(dir);
  try {
    // Batches of 3 here against the pipeline's 100: the batching must not change a row.
    const [want, got] = [
      await pipeline.predict(TEXTS),
      await inference.classify(TEXTS, { batchSize: 3 }),
    ];
    expect(got.map((p) => [p.label, p.knownTokens])).toEqual(
      want.map((p) => [p.label, p.knownTokens]),
    );
    got.forEach((prediction, i) => {
      expect(Object.keys(prediction.probabilities)).toEqual(Object.keys(want[i]!.probabilities));
      for (const [label, p] of Object.entries(want[i]!.probabilities))
        expect(Math.abs(prediction.probabilities[label]! - p)).toBeLessThan(1e-6);
    });
    expect(inference.notices).toEqual(pipeline.notices);
  } finally {
    pipeline.dispose();
    inference.dispose();
  }
}

test.each(['srnn-gru', 'srnn-lstm'])(
  'the first-release directory %s: as the pipeline predicts',
  async (name) => {
    await expectSamePredictions(join(LEGACY, name));
    // And what the first release's `srnn predict` printed (6 significant digits).
    const recorded = (await readFile(join(LEGACY, `${name}.expected-predictions.jsonl`), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { label: string; probabilities: Record<string, number> });
    const inference = await loadClassifierFromDirectory(join(LEGACY, name));
    const got = await inference.classify(RECORDED);
    inference.dispose();
    got.forEach((prediction, i) => {
      expect(prediction.label).toBe(recorded[i]!.label);
      for (const [label, p] of Object.entries(recorded[i]!.probabilities))
        expect(Math.abs(prediction.probabilities[label]! - p)).toBeLessThan(1e-5);
    });
  },
);

test('a freshly trained bundle: as the pipeline predicts', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'srnn-inference-'));
  try {
    const data = await prepareData(
      { kind: 'files', train: REVIEWS },
      { maxLength: 16, vocabulary: 60, seed: 3 },
    );
    const result = await trainModel({
      data,
      model: { architecture: 'srnn', spec: 'SRNN(4,1)', units: 8, embeddingDim: 8 },
      training: { epochs: 2, batchSize: 16, learningRate: 0.05, seed: 3 },
      outDir: join(dir, 'run'),
      progress: 'none',
      handleSignals: false,
    });
    expect(result.status).toBe('completed');
    await expectSamePredictions(join(dir, 'run'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('classify runs each batch as one forward pass (predict alone would run passes of 32 rows)', async () => {
  const inference = await loadClassifierFromDirectory(join(LEGACY, 'srnn-gru'));
  try {
    const texts = Array.from({ length: 40 }, (_, i) => TEXTS[i % TEXTS.length]!);
    const passes = await tf.profile(async () => {
      expect(await inference.classify(texts, { batchSize: 40 })).toHaveLength(40);
    });
    const softmaxRows = passes.kernels
      .filter((k) => k.name === 'Softmax')
      .map((k) => k.inputShapes[0]![0]);
    expect(softmaxRows).toEqual([40]);
  } finally {
    inference.dispose();
  }
});
