import { locateBundleFile } from '@srnn/bundle/node';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  loadTrainedModel,
  prepareData,
  trainModel,
  type ModelChoice,
  type PreparedData,
  type TrainingChoice,
} from '../src';
import { REVIEWS_CSV, temporaryDir, useCpu } from './helpers';

const model: ModelChoice = { architecture: 'srnn', spec: 'SRNN(4,1)', units: 8, embeddingDim: 8 };
const training: TrainingChoice = { epochs: 3, batchSize: 16, learningRate: 0.05, seed: 5 };
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

let data: PreparedData;
const dirs: { cleanup: () => Promise<void> }[] = [];
async function freshDir(): Promise<string> {
  const made = await temporaryDir();
  dirs.push(made);
  return made.dir;
}

beforeAll(async () => {
  await useCpu();
  data = await prepareData(
    { kind: 'files', train: REVIEWS_CSV },
    { maxLength: 16, vocabulary: 1000, seed: 5 },
  );
});
afterAll(async () => {
  for (const d of dirs) await d.cleanup();
});

describe('trainModel and loadTrainedModel', () => {
  let uninterruptedDir: string;

  test('training writes a trained directory that predicts and evaluates like the trained model', async () => {
    uninterruptedDir = await freshDir();
    const outcome = await trainModel({
      data,
      model,
      training,
      outDir: uninterruptedDir,
      progress: 'none',
    });
    if (outcome.status !== 'completed') throw new Error(outcome.message);
    for (const file of ['model', 'weights', 'tokenizer', 'labels', 'config', 'report'] as const) {
      expect(await exists(await locateBundleFile(uninterruptedDir, file))).toBe(true);
    }
    expect(outcome.training.history).toHaveLength(3);
    const report = JSON.parse(
      await readFile(await locateBundleFile(uninterruptedDir, 'report'), 'utf8'),
    );
    expect(report.runs[0].bestEpoch).toBe(outcome.training.bestEpoch);

    const trained = await loadTrainedModel(uninterruptedDir);
    try {
      expect(trained.config.name).toBe('SRNN(4,1) gru');
      // The reloaded model scores the held-out test rows exactly as the run reported.
      const test = await trained.evaluate({ kind: 'files', train: REVIEWS_CSV });
      expect(test.count).toBe(80);
      expect(test.labels).toEqual(['neg', 'pos']);
      // The signal is learnable: well above chance on the whole file after three epochs.
      expect(test.accuracy).toBeGreaterThan(0.8);

      // predict agrees with evaluate: accuracy recomputed from predicted labels.
      const rows = (await readFile(REVIEWS_CSV, 'utf8')).trim().split('\n').slice(1);
      const texts = rows.map((line) => line.slice(1, line.lastIndexOf('"')));
      const truth = rows.map((line) => line.slice(line.lastIndexOf(',') + 1));
      const predictions = await trained.predict(texts);
      const right = predictions.filter((p, i) => p.label === truth[i]).length;
      expect(right / 80).toBeCloseTo(test.accuracy, 10);
      for (const p of predictions) {
        const values = Object.values(p.probabilities);
        expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        expect(p.probabilities[p.label]).toBe(Math.max(...values));
      }
      // The confusion matrix counts every row once, by true and predicted label.
      const confusion = [
        [0, 0],
        [0, 0],
      ];
      predictions.forEach((p, i) => {
        confusion[truth[i] === 'pos' ? 1 : 0]![p.label === 'pos' ? 1 : 0]! += 1;
      });
      expect(test.confusion).toEqual(confusion);
    } finally {
      trained.dispose();
    }
  });

  test('an interrupted run resumes and ends exactly where an uninterrupted run ends', async () => {
    const outDir = await freshDir();
    let steps = 0;
    const stopAfterFiveSteps = {
      get aborted() {
        return steps >= 5;
      },
    };
    const first = await trainModel({
      data,
      model,
      training,
      outDir,
      progress: 'none',
      signal: stopAfterFiveSteps,
      onStepEnd: () => (steps += 1),
    });
    expect(first.status).toBe('interrupted');
    expect(steps).toBe(5);
    expect(await exists(join(outDir, 'bundle.json'))).toBe(false);

    const second = await trainModel({ data, model, training, outDir, progress: 'none' });
    if (second.status !== 'completed') throw new Error(second.message);
    expect(second.training.resumed).toBe(true);

    const uninterrupted = JSON.parse(
      await readFile(await locateBundleFile(uninterruptedDir, 'report'), 'utf8'),
    );
    const resumed = JSON.parse(await readFile(await locateBundleFile(outDir, 'report'), 'utf8'));
    const losses = (report: { runs: { history: { loss: number }[] }[] }) =>
      report.runs[0]!.history.map((h) => h.loss);
    expect(losses(resumed)).toHaveLength(3);
    losses(resumed).forEach((loss, i) => expect(loss).toBeCloseTo(losses(uninterrupted)[i]!, 5));

    const [a, b] = await Promise.all([
      loadTrainedModel(uninterruptedDir),
      loadTrainedModel(outDir),
    ]);
    try {
      const texts = ['great food and lovely staff', 'rude waiter and cold soup'];
      const [pa, pb] = [await a.predict(texts), await b.predict(texts)];
      pa.forEach((p, i) => {
        expect(pb[i]!.label).toBe(p.label);
        expect(pb[i]!.probabilities['pos']).toBeCloseTo(p.probabilities['pos']!, 5);
      });
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  test('a directory that is not a trained model is named in the error', async () => {
    const empty = await freshDir();
    await expect(loadTrainedModel(empty)).rejects.toThrow('is not a trained model directory');
  });
});
