// Smaller web weights: float16 bits against hand-worked IEEE 754 values, both encodings decoded
// by TensorFlow.js itself (tf.io.decodeWeights) within their rounding, and exported sites that
// load, are smaller by the expected bytes, and predict close to the float32 model.
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  exportWebSite,
  float16Bits,
  loadClassifierFromDirectory,
  quantizeWeights,
  type WebWeights,
} from '../src/node';
import { readBundleDirectory, writeBundle } from '@srnn/bundle/node';

const LEGACY = join(__dirname, '..', '..', '..', 'test-fixtures', 'legacy-models', 'srnn-gru');

test.each([
  [1, 0x3c00],
  [-2, 0xc000],
  [0.1, 0x2e66],
  [1 / 3, 0x3555],
  [65504, 0x7bff],
  [65520, 0x7c00], // halfway to the next would-be value: rounds (to even) to infinity
  [2 ** -24, 0x0001], // the smallest subnormal
  [2 ** -25, 0x0000], // half of it: a tie, to even (zero)
  [3 * 2 ** -25, 0x0002], // a tie between 1 and 2 subnormal steps: to even (2)
  [1 + 2 ** -11, 0x3c00], // a tie between 1 and 1 + 2^-10: to even
  [1 + 3 * 2 ** -11, 0x3c02],
  [-0, 0x8000],
])('float16Bits(%p) = %p', (value, bits) => {
  expect(float16Bits(value)).toBe(bits);
});

test('TensorFlow.js decodes both encodings within their rounding, other weights untouched', async () => {
  const values = Float32Array.from({ length: 600 }, (_, i) => Math.sin(i * 12.9898) * 0.3);
  const specs = [
    { name: 'embedding/embeddings', shape: [50, 6], dtype: 'float32' as const },
    { name: 'dense/kernel', shape: [300], dtype: 'float32' as const },
  ];
  const bytes = new Uint8Array(values.buffer);
  for (const mode of ['float16', 'uint8-embedding'] as WebWeights[]) {
    const q = quantizeWeights(specs, bytes, mode);
    expect(q.weights.byteLength).toBe(mode === 'float16' ? 600 * 2 : 300 + 300 * 4);
    const decoded = tf.io.decodeWeights(
      q.weights.slice().buffer,
      q.specs as tf.io.WeightsManifestEntry[],
    );
    const embedding = decoded['embedding/embeddings']!.dataSync();
    const dense = decoded['dense/kernel']!.dataSync();
    const uint8 = q.specs[0]!.quantization as { scale: number } | undefined;
    for (let i = 0; i < 300; i++) {
      const tolerance =
        mode === 'float16' ? Math.abs(values[i]!) * 2 ** -11 + 2 ** -25 : uint8!.scale / 2 + 1e-7;
      expect(Math.abs(embedding[i]! - values[i]!)).toBeLessThanOrEqual(tolerance);
      if (mode === 'uint8-embedding') expect(dense[i]).toBe(values[300 + i]);
    }
    tf.dispose(Object.values(decoded));
  }
});

test('exported sites with smaller weights load and predict close to float32', async () => {
  await tf.setBackend('cpu');
  const work = await mkdtemp(join(tmpdir(), 'srnn-web-weights-'));
  const texts = ['The food was great', 'Terrible service, cold food and a rude waiter', 'ok'];
  try {
    const sizes: Record<string, number> = {};
    const answers: Record<string, number[]> = {};
    for (const mode of ['float32', 'float16', 'uint8-embedding'] as WebWeights[]) {
      const out = join(work, mode);
      await exportWebSite({ model: LEGACY, out, weights: mode });
      const bundle = await readBundleDirectory(join(out, 'model'));
      sizes[mode] = (await stat(join(out, 'model', bundle.manifest!.files.weights.path))).size;
      const classifier = await loadClassifierFromDirectory(join(out, 'model'));
      answers[mode] = (await classifier.classify(texts)).map((p) => p.probabilities['pos']!);
      classifier.dispose();
    }
    // The fixture: a 40x8 embedding (320) and 834 other float32 weights: two GRU levels of
    // 8x24 + 8x24 + 24 and the 8x2 + 2 classes layer.
    const others = 2 * (8 * 24 + 8 * 24 + 24) + 8 * 2 + 2;
    expect(sizes).toEqual({
      float32: (320 + others) * 4,
      float16: (320 + others) * 2,
      'uint8-embedding': 320 + others * 4,
    });
    for (const mode of ['float16', 'uint8-embedding'])
      answers[mode]!.forEach((p, i) =>
        expect(Math.abs(p - answers['float32']![i]!)).toBeLessThan(0.01),
      );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('the bundle refuses a float16 NaN, a quantised weight of the wrong size, and an unknown encoding', async () => {
  const contents = await readBundleDirectory(LEGACY);
  const { labels: _labels, ...agree } = contents.agree;
  // writeBundle checks the whole bundle in memory before it writes a byte.
  const work = await mkdtemp(join(tmpdir(), 'srnn-quantised-'));
  const compose = (specs: unknown[], weights: Uint8Array) =>
    writeBundle(join(work, 'bundle'), {
      createdBy: 'test',
      model: { ...contents.model, weightsManifest: [{ paths: ['weights.bin'], weights: specs }] },
      weights,
      tokenizer: contents.tokenizer.toJSON(),
      labels: contents.labels,
      config: contents.config,
      agree,
      cells: contents.cells,
    });
  try {
    const half = quantizeWeights(contents.weightSpecs, contents.weights, 'float16');
    await expect(compose(half.specs, half.weights)).resolves.toBeDefined();
    const nan = half.weights.slice();
    new DataView(nan.buffer).setUint16(6, 0x7e00, true);
    await expect(compose(half.specs, nan)).rejects.toThrow(
      /weight embedding\/embeddings holds a float16 infinity or NaN at element 3/,
    );
    await expect(compose(half.specs, half.weights.slice(0, -2))).rejects.toThrow(/truncated/);
    const unknown = half.specs.map((s, i) =>
      i === 0 ? { ...s, quantization: { dtype: 'int4' } } : s,
    );
    await expect(compose(unknown, half.weights)).rejects.toThrow(
      /quantization .* is not \{dtype: 'float16'\}/,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
