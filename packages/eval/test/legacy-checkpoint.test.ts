// A finished run written by the first release (checkpoint format version 1, absolute paths of
// another machine inside) is still returned, with paths in the folder it is read from now.
import * as tf from '@tensorflow/tfjs';
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  readWeightsFile,
  trainClassifier,
  type CompletedTraining,
  type EncodedSplit,
} from '../src';
import { temporaryDirectory, useCpuBackend, weightValues } from './helpers';

beforeAll(useCpuBackend);

const LEGACY = join(
  __dirname,
  '..',
  '..',
  '..',
  'test-fixtures',
  'legacy-models',
  'srnn-gru',
  'training',
);

/** A model with the fixture's weight shapes: embedding [40, 8], two GRU(8) levels, dense [8, 2]. */
function sameShapes(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: 40, outputDim: 8, inputLength: 16 }),
      tf.layers.gru({ units: 8, returnSequences: true }),
      tf.layers.gru({ units: 8 }),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
}

const split = (rows: number): EncodedSplit => ({
  x: new Int32Array(rows * 16).fill(1),
  shape: [rows, 16],
  y: new Int32Array(rows),
});

describe('a version 1 checkpoint of a finished run', () => {
  it('returns its stored result with paths in the current folder and loads the best weights', async () => {
    const dir = await temporaryDirectory();
    try {
      await cp(LEGACY, dir.path, { recursive: true });
      const stored = JSON.parse(await readFile(join(dir.path, 'checkpoint.json'), 'utf8')) as {
        result: CompletedTraining;
      };
      const model = sameShapes();
      const result = (await trainClassifier({
        model,
        train: split(64),
        validation: split(8),
        test: split(8),
        outputDir: dir.path,
        seed: 2018,
        batchSize: 16,
        epochs: 4,
        adam: { learningRate: 0.01 },
        progress: 'none',
      })) as CompletedTraining;
      expect(result.status).toBe('completed');
      expect(result.resumed).toBe(true);
      expect(result.history).toEqual(stored.result.history);
      expect(result.bestEpoch).toBe(3);
      expect(stored.result.outputDir).toBe('/home/user/runs/srnn-gru/training');
      expect(result.outputDir).toBe(dir.path);
      expect(result.bestWeightsPath).toBe(join(dir.path, 'best-epoch-3.bin'));
      const best = await readWeightsFile(result.bestWeightsPath);
      weightValues(model).forEach((values, i) => expect(values).toEqual(best[i]!.values));
    } finally {
      await dir.cleanup();
    }
  });

  it('refuses another question (more epochs) and names both', async () => {
    const dir = await temporaryDirectory();
    try {
      await cp(LEGACY, dir.path, { recursive: true });
      await expect(
        trainClassifier({
          model: sameShapes(),
          train: split(64),
          validation: split(8),
          outputDir: dir.path,
          batchSize: 16,
          epochs: 5,
          adam: { learningRate: 0.01 },
          progress: 'none',
        }),
      ).rejects.toThrow('holds a finished run of 4 epochs (patience null); this run asks for 5');
    } finally {
      await dir.cleanup();
    }
  });
});
