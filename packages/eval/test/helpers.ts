import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRandom } from '@srnn/random';
import type { EncodedSplit } from '../src';

// Silences tfjs's 'install tfjs-node' notice in test output.
tf.env().set('IS_TEST', true);

/** Runs every test file on the pure-JS backend, which is always there and deterministic. */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** A tiny classifier: embedding -> average over time -> softmax, with seeded initial weights. */
export function tinyModel(
  options: { vocab?: number; maxLen?: number; classes?: number; seed?: number } = {},
): tf.LayersModel {
  const { vocab = 20, maxLen = 6, classes = 2, seed = 1 } = options;
  const model = tf.sequential();
  model.add(
    tf.layers.embedding({
      inputDim: vocab,
      outputDim: 4,
      inputLength: maxLen,
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed }),
    }),
  );
  model.add(tf.layers.globalAveragePooling1d());
  model.add(
    tf.layers.dense({
      units: classes,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    }),
  );
  return model;
}

/**
 * A learnable toy task: class c rows hold tokens from the c-th block of ids (block size 9,
 * starting at 1), with 0 to 2 padding zeros at the front as Keras's pre-padding leaves them.
 */
export function toySplit(
  rows: number,
  options: { maxLen?: number; classes?: number; seed?: number } = {},
): EncodedSplit<Int32Array> {
  const { maxLen = 6, classes = 2, seed = 7 } = options;
  const random = new SeededRandom(seed);
  const x = new Int32Array(rows * maxLen);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const label = random.nextInt(classes);
    y[r] = label;
    const padding = random.nextInt(3);
    for (let t = padding; t < maxLen; t++) x[r * maxLen + t] = 1 + label * 9 + random.nextInt(9);
  }
  return { x, shape: [rows, maxLen], y };
}

/** A fresh temporary folder, removed by the returned cleanup. */
export async function temporaryDirectory(): Promise<{
  path: string;
  cleanup: () => Promise<void>;
}> {
  const path = await mkdtemp(join(tmpdir(), 'srnn-eval-'));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/** Every weight of a model as plain arrays. */
export function weightValues(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

/** Every weight of a model as its raw bytes, for byte-for-byte comparisons. */
export function weightBytes(model: tf.LayersModel): Uint8Array[] {
  return weightValues(model).map((w) => new Uint8Array(w.buffer, w.byteOffset, w.byteLength));
}
