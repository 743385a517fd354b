import * as tf from '@tensorflow/tfjs';
import {
  accuracy,
  confusionMatrix,
  defaultEvaluationBatchSize,
  evaluateClassifier,
  macroF1,
  predictBatches,
  sparseCategoricalCrossEntropy,
} from '../src';
import { tinyModel, toySplit, useCpuBackend } from './helpers';

beforeAll(useCpuBackend);

describe('predictBatches and evaluateClassifier', () => {
  const model = tinyModel({ vocab: 30, classes: 3, seed: 5 });
  const split = toySplit(23, { classes: 3, seed: 9 });

  it('yields every row once, in order, matching one big predict call', async () => {
    const whole = tf.tidy(() => model.predict(tf.tensor2d(split.x, [23, 6], 'int32')) as tf.Tensor);
    const expected = whole.dataSync();
    whole.dispose();
    const starts: number[] = [];
    const collected: number[] = [];
    for await (const batch of predictBatches(model, split, { batchSize: 5 })) {
      starts.push(batch.start);
      expect(batch.classes).toBe(3);
      expect(batch.probabilities.length).toBe(batch.rows * 3);
      collected.push(...batch.probabilities);
    }
    expect(starts).toEqual([0, 5, 10, 15, 20]);
    expect(collected.length).toBe(expected.length);
    collected.forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 6));
  });

  it('evaluates by default in passes of about 131,072 tokens, never fewer rows than a training batch', () => {
    expect(defaultEvaluationBatchSize(100, 256)).toBe(512);
    expect(defaultEvaluationBatchSize(100, 512)).toBe(256);
    expect(defaultEvaluationBatchSize(32, 1000)).toBe(131);
    expect(defaultEvaluationBatchSize(4, 32_768)).toBe(4);
    expect(defaultEvaluationBatchSize(1000, 256)).toBe(1000);
  });

  it('runs each batch as one forward pass, however many rows it has', async () => {
    // tf.LayersModel.predict alone cuts its input into passes of 32 rows: 70 rows would run as
    // 32 + 32 + 6, each pass a Softmax of its own rows.
    const big = toySplit(70, { classes: 3, seed: 4 });
    const passes = await tf.profile(async () => {
      for await (const batch of predictBatches(model, big, { batchSize: 70 })) {
        expect(batch.rows).toBe(70);
      }
    });
    const softmaxRows = passes.kernels
      .filter((k) => k.name === 'Softmax')
      .map((k) => k.inputShapes[0]![0]);
    expect(softmaxRows).toEqual([70]);
    // Without a batch size: passes of about 131,072 tokens (21,845 rows of 6), so one pass here.
    const starts: number[] = [];
    for await (const batch of predictBatches(model, big)) starts.push(batch.start);
    expect(starts).toEqual([0]);
  });

  it('matches metrics computed independently from arg-max predictions', async () => {
    const probabilities = tf.tidy(
      () => model.predict(tf.tensor2d(split.x, [23, 6], 'int32')) as tf.Tensor,
    );
    const predicted = Array.from(tf.tidy(() => probabilities.argMax(-1)).dataSync());
    const loss = tf.tidy(() =>
      sparseCategoricalCrossEntropy(probabilities, tf.tensor1d(split.y, 'int32')),
    );
    const expectedLoss = loss.dataSync()[0]!;
    tf.dispose([probabilities, loss]);
    const before = tf.memory().numTensors;
    const result = await evaluateClassifier(model, split, { batchSize: 4 });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.count).toBe(23);
    expect(result.accuracy).toBeCloseTo(accuracy(split.y, predicted), 12);
    expect(result.macroF1).toBeCloseTo(macroF1(split.y, predicted, 3), 12);
    expect(result.confusion).toEqual(confusionMatrix(split.y, predicted, 3));
    expect(result.loss).toBeCloseTo(expectedLoss, 5);
  });

  it('rejects bad batch sizes and malformed splits', async () => {
    await expect(evaluateClassifier(model, split, { batchSize: 0 })).rejects.toThrow(
      /batchSize must be a positive integer, got 0/,
    );
    await expect(evaluateClassifier(model, { ...split, shape: [22, 6] })).rejects.toThrow(
      /split\.x has 138 ids but shape \[22, 6\] needs n \* maxLen = 132/,
    );
  });
});

describe('sparseCategoricalCrossEntropy', () => {
  it('equals the hand-computed mean of -log p(label), with clipping of zero probabilities', () => {
    const probabilities = tf.tensor2d([
      [0.7, 0.2, 0.1],
      [0.25, 0.25, 0.5],
      [1, 0, 0],
    ]);
    const labels = tf.tensor1d([0, 2, 1], 'int32');
    const loss = sparseCategoricalCrossEntropy(probabilities, labels);
    const expected = -(Math.log(0.7) + Math.log(0.5) + Math.log(1e-7)) / 3;
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 4);
    tf.dispose([probabilities, labels, loss]);
  });
});
