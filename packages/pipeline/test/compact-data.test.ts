import { encodeDataset, splitRows } from '@srnn/datasets';
import { gatherRange } from '@srnn/eval';
import { dataSourceSchema } from '../src/config';
import { openSource } from '../src/sources';
import {
  prepareData,
  trainModel,
  type ModelChoice,
  type PrepareOptions,
  type PreparedData,
} from '../src';
import { REVIEWS_CSV, temporaryDir, useCpu } from './helpers';

beforeAll(useCpu);

const source = { kind: 'files', train: REVIEWS_CSV } as const;
const base = { maxLength: 8, vocabulary: 1000, seed: 7 };

/** Each split's rows (ids and label), gathered as a batch would be. */
function splitsOf(data: PreparedData): Record<'train' | 'validation' | 'test', string[]> {
  const rows = (part: 'train' | 'validation' | 'test') => {
    const split = data[part];
    const [n, maxLen] = split.shape;
    const batch = gatherRange(split, 0, n);
    return Array.from(
      { length: n },
      (_, r) => `${batch.x.subarray(r * maxLen, (r + 1) * maxLen).join(' ')}|${batch.y[r]}`,
    );
  };
  return { train: rows('train'), validation: rows('validation'), test: rows('test') };
}

describe('prepared data: one compact matrix, splits as views of it', () => {
  test('the three splits share one ragged Uint16 matrix, and their rows cover it once', async () => {
    const data = await prepareData(source, base);
    expect(data.train.x).toBeInstanceOf(Uint16Array);
    expect(data.validation.x).toBe(data.train.x);
    expect(data.test.x).toBe(data.train.x);
    expect(data.validation.offsets).toBe(data.train.offsets);
    // No padding stored: one offset per document plus one, and only the real ids.
    expect(data.train.offsets).toHaveLength(80 + 1);
    expect(data.train.x.length).toBe(data.train.offsets![80]);
    expect(data.train.x.length).toBeLessThan(80 * 8);
    expect(data.train.x.length).toBeCloseTo(80 * data.stats.meanTokens, 6);
    const rows = [data.train, data.validation, data.test].flatMap((s) => Array.from(s.rows!));
    expect(rows.sort((a, b) => a - b)).toEqual(Array.from({ length: 80 }, (_, i) => i));
    // How the data was read is no part of what a run records.
    expect(data.options).not.toHaveProperty('passes');
    expect(data.options).not.toHaveProperty('ids');
  });

  test('still Uint16 under a vocabulary setting past 65,535 when the words seen fit, with the same rows', async () => {
    // The words seen decide (Int32 past 65,535 of them is @srnn/datasets' compact test).
    const roomy = await prepareData(source, { ...base, vocabulary: 70_000 });
    expect(roomy.train.x).toBeInstanceOf(Uint16Array);
    expect(splitsOf(roomy)).toEqual(splitsOf(await prepareData(source, base)));
  });

  test.each<[PrepareOptions['ids'], PrepareOptions['passes']]>([
    ['int32', 1],
    ['compact', 2],
    ['int32', 2],
  ])(
    'ids %s in %i passes: the same ids, order, splits and statistics as compact in one',
    async (ids, passes) => {
      const compact = await prepareData(source, base);
      const other = await prepareData(source, { ...base, ids, passes });
      expect(other.train.x).toBeInstanceOf(ids === 'int32' ? Int32Array : Uint16Array);
      expect(Array.from(other.train.x)).toEqual(Array.from(compact.train.x));
      for (const part of ['train', 'validation', 'test'] as const) {
        expect(Array.from(other[part].rows!)).toEqual(Array.from(compact[part].rows!));
      }
      expect(splitsOf(other)).toEqual(splitsOf(compact));
      expect(other.stats).toEqual(compact.stats);
      expect(other.options).toEqual(compact.options);
      expect(other.tokenizer.toJSON()).toEqual(compact.tokenizer.toJSON());
    },
  );

  test('a model trains step for step to the same losses on compact and int32 data', async () => {
    const model: ModelChoice = {
      architecture: 'srnn',
      spec: 'SRNN(4,1)',
      units: 4,
      embeddingDim: 4,
    };
    const losses: number[][] = [];
    for (const ids of ['compact', 'int32'] as const) {
      const data = await prepareData(source, { ...base, ids });
      const { dir, cleanup } = await temporaryDir();
      const steps: number[] = [];
      try {
        const outcome = await trainModel({
          data,
          model,
          training: { epochs: 1, batchSize: 16, learningRate: 0.05, seed: 5 },
          outDir: dir,
          progress: 'none',
          onStepEnd: (step) => steps.push(step.loss),
        });
        if (outcome.status !== 'completed') throw new Error(outcome.message);
        steps.push(outcome.training.history[0]!.validationLoss);
      } finally {
        await cleanup();
      }
      losses.push(steps);
    }
    expect(losses[0]).toHaveLength(4 + 1); // 64 training rows in batches of 16, then validation
    expect(losses[0]).toEqual(losses[1]);
  });

  test('the same batches and losses as the padded matrix prepared data used to hold', async () => {
    const data = await prepareData(source, base);
    // The padded matrix, encoded as before from the same records with the same settings.
    const opened = openSource(dataSourceSchema.parse(source), 'error');
    if (opened.kind !== 'pooled') throw new Error('expected one pool of records');
    const dense = await encodeDataset(opened.records, {
      maxLen: base.maxLength,
      tokenizerOptions: { numWords: base.vocabulary },
      ids: 'compact',
    });
    expect(dense.offsets).toBeUndefined();
    const denseData: PreparedData = {
      ...data,
      train: splitRows(dense, data.train.rows!),
      validation: splitRows(dense, data.validation.rows!),
      test: splitRows(dense, data.test.rows!),
    };
    expect(splitsOf(data)).toEqual(splitsOf(denseData));
    const model: ModelChoice = {
      architecture: 'srnn',
      spec: 'SRNN(4,1)',
      units: 4,
      embeddingDim: 4,
    };
    const losses: number[][] = [];
    for (const prepared of [data, denseData]) {
      const { dir, cleanup } = await temporaryDir();
      const steps: number[] = [];
      try {
        const outcome = await trainModel({
          data: prepared,
          model,
          training: { epochs: 1, batchSize: 16, learningRate: 0.05, seed: 5 },
          outDir: dir,
          progress: 'none',
          onStepEnd: (step) => steps.push(step.loss),
        });
        if (outcome.status !== 'completed') throw new Error(outcome.message);
        steps.push(outcome.training.history[0]!.validationLoss);
      } finally {
        await cleanup();
      }
      losses.push(steps);
    }
    expect(losses[0]).toHaveLength(4 + 1);
    expect(losses[0]).toEqual(losses[1]);
  });

  test('refuses passes other than 1 or 2 and an unknown id type, naming the field', async () => {
    await expect(prepareData(source, { ...base, passes: 3 as never })).rejects.toThrow(
      'prepareData options: passes: must be 1 or 2',
    );
    await expect(prepareData(source, { ...base, ids: 'uint8' as never })).rejects.toThrow(
      "prepareData options: ids: must be 'compact' or 'int32'",
    );
  });
});
