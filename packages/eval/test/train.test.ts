import * as tf from '@tensorflow/tfjs';
import { readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  evaluateClassifier,
  readWeightsFile,
  restoreModelWeights,
  trainClassifier,
  type CompletedTraining,
} from '../src';
import { temporaryDirectory, tinyModel, toySplit, useCpuBackend } from './helpers';

beforeAll(useCpuBackend);

const train = toySplit(60, { seed: 1 });
const validation = toySplit(30, { seed: 2 });
const test = toySplit(30, { seed: 3 });

function nonZero(values: Int32Array): number {
  return values.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0);
}

describe('trainClassifier', () => {
  it('learns a separable task, keeps the best epoch and tests at that checkpoint', async () => {
    const dir = await temporaryDirectory();
    try {
      const model = tinyModel();
      const before = await evaluateClassifier(model, validation);
      const result = (await trainClassifier({
        model,
        train,
        validation,
        test,
        outputDir: dir.path,
        batchSize: 16,
        epochs: 4,
        adam: { learningRate: 0.05 },
        progress: 'none',
      })) as CompletedTraining;
      expect(result.status).toBe('completed');
      expect(result.history).toHaveLength(4);
      const bestValidation = Math.max(...result.history.map((r) => r.validationAccuracy));
      expect(result.bestValidationAccuracy).toBe(bestValidation);
      // The first epoch that reached the best validation accuracy is kept.
      expect(result.bestEpoch).toBe(
        result.history.findIndex((r) => r.validationAccuracy === bestValidation) + 1,
      );
      expect(bestValidation).toBeGreaterThan(Math.max(0.8, before.accuracy));

      // The model holds the best weights, and the test figures are those of that checkpoint.
      const fresh = tinyModel({ seed: 99 });
      restoreModelWeights(fresh, await readWeightsFile(result.bestWeightsPath));
      const retested = await evaluateClassifier(fresh, test);
      expect(result.test?.accuracy).toBe(retested.accuracy);
      expect(result.test?.count).toBe(30);
      expect((await evaluateClassifier(model, validation)).accuracy).toBe(bestValidation);

      const files = await readdir(dir.path);
      expect(files).toEqual(
        expect.arrayContaining(['checkpoint.json', basename(result.bestWeightsPath)]),
      );
      expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(files.filter((f) => f.startsWith('state-'))).toHaveLength(1);
      expect(basename(result.bestWeightsPath)).toMatch(
        new RegExp(`^best-epoch-${result.bestEpoch}-\\d+\\.bin$`),
      );
    } finally {
      await dir.cleanup();
    }
  });

  it('trains the same with the fused Adam (default) as with tf.train.adam', async () => {
    const run = async (implementation: 'fused' | 'tfjs') => {
      const dir = await temporaryDirectory();
      try {
        return (await trainClassifier({
          model: tinyModel({ seed: 5 }),
          train,
          validation,
          outputDir: dir.path,
          batchSize: 16,
          epochs: 2,
          adam: { learningRate: 0.05, implementation },
          progress: 'none',
        })) as CompletedTraining;
      } finally {
        await dir.cleanup();
      }
    };
    const fused = await run('fused');
    const stock = await run('tfjs');
    for (const [a, b] of fused.history.map((r, i) => [r, stock.history[i]!] as const)) {
      expect(a.loss).toBeCloseTo(b.loss, 5);
      expect(a.validationLoss).toBeCloseTo(b.validationLoss, 5);
      expect(a.validationAccuracy).toBe(b.validationAccuracy);
    }
  });

  it('reports per-epoch counts, seconds and throughput consistent with the data', async () => {
    const dir = await temporaryDirectory();
    try {
      const result = (await trainClassifier({
        model: tinyModel(),
        train,
        validation,
        outputDir: dir.path,
        batchSize: 25,
        epochs: 2,
        progress: 'none',
      })) as CompletedTraining;
      for (const record of result.history) {
        expect(record.steps).toBe(3); // 60 rows in batches of 25: 25, 25, 10
        expect(record.positions).toBe(60 * 6);
        expect(record.tokens).toBe(nonZero(train.x));
        expect(record.seconds).toBeGreaterThan(0);
        expect(record.tokensPerSecond).toBeCloseTo(record.tokens / record.seconds, 6);
        expect(record.positionsPerSecond).toBeCloseTo(record.positions / record.seconds, 6);
        expect(record.trainAccuracy).toBeGreaterThanOrEqual(0);
        expect(record.trainAccuracy).toBeLessThanOrEqual(1);
        expect(Number.isFinite(record.loss)).toBe(true);
      }
      expect(result.settings).toMatchObject({
        batchSize: 25,
        // Passes of 131,072 tokens: 21,845 rows of T = 6.
        evaluationBatchSize: 21_845,
        epochs: 2,
        seed: 2018,
        adam: { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
        parameterCount: 20 * 4 + 4 * 2 + 2,
      });
      expect(result.test).toBeNull();
      expect(result.backend).toBe('cpu');
    } finally {
      await dir.cleanup();
    }
  });

  it("prints progress lines for CI when progress is 'lines'", async () => {
    const dir = await temporaryDirectory();
    const written: string[] = [];
    try {
      await trainClassifier({
        name: 'toy',
        model: tinyModel(),
        train,
        validation,
        test,
        outputDir: dir.path,
        batchSize: 30,
        epochs: 2,
        progress: 'lines',
        progressIntervalSeconds: 0,
        progressStream: { write: (text: string) => written.push(text) },
      });
      const lines = written.join('').trim().split('\n');
      expect(
        lines.filter((l) =>
          /^\[toy\] epoch 1\/2 step \d\/2 loss \d+\.\d{4} \d+ tokens\/s eta /.test(l),
        ),
      ).toHaveLength(2);
      expect(lines).toContain('[toy] epoch 2: validating on 30 rows');
      expect(lines.filter((l) => l.startsWith('[toy] epoch 2/2 done: loss '))).toHaveLength(1);
      expect(lines[lines.length - 1]).toMatch(
        /^\[toy\] testing the best epoch \([12]\) on 30 rows$/,
      );
    } finally {
      await dir.cleanup();
    }
  });

  it('first-epoch loss equals the mean cross-entropy of the initial model over the batches', async () => {
    // One batch of all rows: the reported loss is the loss before the single update.
    const dir = await temporaryDirectory();
    try {
      const model = tinyModel();
      const initial = await evaluateClassifier(model, train);
      const result = (await trainClassifier({
        model,
        train,
        validation,
        outputDir: dir.path,
        batchSize: 60,
        epochs: 1,
        progress: 'none',
      })) as CompletedTraining;
      expect(result.history[0]!.loss).toBeCloseTo(initial.loss, 5);
      expect(result.history[0]!.trainAccuracy).toBeCloseTo(initial.accuracy, 10);
    } finally {
      await dir.cleanup();
    }
  });

  it('stops early when validation accuracy has not improved for `patience` epochs', async () => {
    const dir = await temporaryDirectory();
    try {
      // A learning rate this small cannot change any prediction, so epoch 1 stays best.
      const result = (await trainClassifier({
        model: tinyModel(),
        train,
        validation,
        outputDir: dir.path,
        batchSize: 30,
        epochs: 10,
        patience: 2,
        adam: { learningRate: 1e-9 },
        progress: 'none',
      })) as CompletedTraining;
      expect(result.stoppedEarly).toBe(true);
      expect(result.history).toHaveLength(3);
      expect(result.bestEpoch).toBe(1);
    } finally {
      await dir.cleanup();
    }
  });

  it('keeps the tensor count flat across epochs and frees everything it made', async () => {
    const dir = await temporaryDirectory();
    try {
      const model = tinyModel();
      const start = tf.memory().numTensors;
      const atEpochEnd: number[] = [];
      await trainClassifier({
        model,
        train,
        validation,
        outputDir: dir.path,
        batchSize: 20,
        epochs: 3,
        progress: 'none',
        onStepEnd: (info) => {
          if (info.step === info.stepsPerEpoch) atEpochEnd.push(tf.memory().numTensors);
        },
      });
      expect(atEpochEnd).toHaveLength(3);
      expect(atEpochEnd[2]).toBe(atEpochEnd[0]);
      expect(tf.memory().numTensors).toBe(start);
    } finally {
      await dir.cleanup();
    }
  });

  it('rejects labels the model cannot predict and splits of different lengths', async () => {
    const bad = { ...train, y: train.y.map((v, i) => (i === 4 ? 7 : v)) };
    await expect(
      trainClassifier({
        model: tinyModel(),
        train: bad,
        validation,
        outputDir: 'unused',
        progress: 'none',
      }),
    ).rejects.toThrow(/train\.y\[4\] = 7 is not a valid class: the model has 2 outputs/);
    const short = toySplit(10, { maxLen: 5 });
    await expect(
      trainClassifier({
        model: tinyModel(),
        train,
        validation: short,
        outputDir: 'unused',
        progress: 'none',
      }),
    ).rejects.toThrow(/validation\.shape\[1\] \(maxLen\) is 5 but train's is 6/);
  });
});
