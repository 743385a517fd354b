// The classifier's TokenEmbedding: tf.layers.embedding's output and weight, and a model whose
// first recurrent level projects each distinct token once has the gradients of the same model
// built on tf.layers.embedding (no lookup record, every row projected).
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';
import '@srnn/cell-lstm';
import {
  buildClassifier,
  explainAttention,
  SlicedRNN,
  TokenEmbedding,
  type ClassifierConfig,
} from '@srnn/model';

const VOCABULARY = 12;

/** Ids with many repeats (12 tokens over 4 x 16 positions), seeded. */
function repeatedIds(): tf.Tensor2D {
  return tf.tidy(() => tf.randomUniform([4, 16], 0, VOCABULARY, 'int32', 5) as tf.Tensor2D);
}

/** An SRNN(4,1) classifier over the test's vocabulary: embedding 6, 5 units, 3 classes, T = 16. */
const smallClassifier = (config: Partial<ClassifierConfig> = {}): tf.LayersModel =>
  buildClassifier({
    vocabularySize: VOCABULARY,
    embeddingDim: 6,
    units: 5,
    classes: 3,
    maxLength: 16,
    slicing: 'SRNN(4,1)',
    seed: 3,
    ...config,
  });

/** The classifier's layers after the embedding, applied to tf.layers.embedding's output. */
function plainTwin(model: tf.LayersModel): tf.LayersModel {
  const tokens = tf.input({ shape: [16], dtype: 'int32' });
  const embedding = tf.layers.embedding({ inputDim: VOCABULARY, outputDim: 6 });
  let features = embedding.apply(tokens) as tf.SymbolicTensor;
  features = model.getLayer('srnn').apply(features) as tf.SymbolicTensor;
  const twin = tf.model({
    inputs: tokens,
    outputs: model.getLayer('classes').apply(features) as tf.SymbolicTensor,
  });
  embedding.setWeights(model.getLayer('embedding').getWeights());
  return twin;
}

function gradientsOf(model: tf.LayersModel, ids: tf.Tensor, direction: tf.Tensor): Float32Array[] {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads } = tf.variableGrads(
    () => tf.sum(tf.mul(model.apply(ids, { training: true }) as tf.Tensor, direction)),
    variables,
  );
  const values = variables.map((v) => grads[v.name]!.dataSync() as Float32Array);
  tf.dispose(Object.values(grads));
  return values;
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i += 1) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe.each(['cpu', 'wasm'] as const)('TokenEmbedding on %s', (backend) => {
  beforeAll(async () => {
    await selectBackend({ backend, log: () => undefined });
  });

  it("has tf.layers.embedding's output for the same table", () => {
    const ours = new TokenEmbedding({ inputDim: VOCABULARY, outputDim: 3, seed: 4 });
    const theirs = tf.layers.embedding({ inputDim: VOCABULARY, outputDim: 3 });
    const ids = repeatedIds();
    const output = ours.apply(ids) as tf.Tensor;
    theirs.apply(ids);
    theirs.setWeights(ours.getWeights());
    expect(output.shape).toEqual([4, 16, 3]);
    expect(ours.getWeights()[0]!.shape).toEqual([VOCABULARY, 3]);
    expect(ours.weights[0]!.name).toMatch(/embeddings$/);
    expect(maxDifference(output.dataSync(), (theirs.apply(ids) as tf.Tensor).dataSync())).toBe(0);
  });

  it('does not vouch for a lookup once its table has been given new values', () => {
    const embedding = new TokenEmbedding({ inputDim: VOCABULARY, outputDim: 3, seed: 4 });
    const ids = repeatedIds();
    const rows = embedding.apply(ids) as tf.Tensor3D;
    expect(TokenEmbedding.tableOf(rows, ids)).toBeDefined();
    const srnn = new SlicedRNN({
      slices: [4],
      minimalLength: 4,
      levels: [0, 1].map((seed) => ({ cell: 'gru', options: { units: 2, seed } })),
    });
    const before = Array.from((srnn.apply([rows, ids]) as tf.Tensor).dataSync());
    embedding.setWeights([tf.randomNormal([VOCABULARY, 3], 0, 1, 'float32', 8)]);
    // The rows were looked up in the old table: they, not the new one, are level 0's input.
    expect(TokenEmbedding.tableOf(rows, ids)).toBeUndefined();
    expect(Array.from((srnn.apply([rows, ids]) as tf.Tensor).dataSync())).toEqual(before);
  });

  it.each(['gru', 'lstm'])(
    'gives an SRNN classifier (%s) the outputs and gradients of its tf.layers.embedding twin',
    async (cell) => {
      const model = smallClassifier({ cell });
      expect(model.getLayer('embedding')).toBeInstanceOf(TokenEmbedding);
      expect(model.getLayer('srnn')).toBeInstanceOf(SlicedRNN);
      const twin = plainTwin(model);
      const ids = repeatedIds();
      const direction = tf.randomNormal([4, 3], 0, 1, 'float32', 6);
      // Level 0's input projection multiplies the distinct tokens (at most 12 rows, not 64).
      const profile = await tf.profile(() => {
        model.predict(ids);
      });
      const firstProduct = profile.kernels.find((k) => k.name === 'BatchMatMul');
      expect(firstProduct!.inputShapes[0]).toEqual([expect.any(Number), 6]);
      expect(firstProduct!.inputShapes[0]![0]).toBeLessThanOrEqual(VOCABULARY);
      const outputs = [model, twin].map((m) => (m.predict(ids) as tf.Tensor).dataSync());
      expect(maxDifference(outputs[0]!, outputs[1]!)).toBeLessThan(1e-6);
      const ours = gradientsOf(model, ids, direction);
      const reference = gradientsOf(twin, ids, direction);
      expect(ours).toHaveLength(reference.length);
      ours.forEach((g, i) => expect(maxDifference(g, reference[i]!)).toBeLessThan(1e-5));
    },
  );

  describe.each([
    ['SRNN(4,1)', false],
    ['SRNN(4,1)', true],
    ['BiSRNN(4,1)', true],
  ] as const)(
    '%s, skipping padding %s: level 0 reads its rows from the table',
    (slicing, skipPadding) => {
      const build = () => smallClassifier({ slicing, skipPadding });
      // Some all-padding subsequences, so that skipping has something to skip.
      const ids = () =>
        tf.tidy(() =>
          tf.mul(
            repeatedIds(),
            tf.tensor2d([1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1], [1, 16], 'int32'),
          ),
        );

      /** The classifier's layers applied by hand to a copy of the looked-up rows: no table path. */
      function withoutTable(model: tf.LayersModel, tokens: tf.Tensor): tf.Tensor {
        const features = model.getLayer('embedding').apply(tokens) as tf.Tensor;
        expect(TokenEmbedding.tableOf(features, tokens)).toBeDefined();
        const copy = tf.clone(features);
        expect(TokenEmbedding.tableOf(copy, tokens)).toBeUndefined();
        expect(TokenEmbedding.tableOf(features, tf.clone(tokens))).toBeUndefined();
        const states = model
          .getLayer('srnn')
          .apply([copy, tokens], { training: true }) as tf.Tensor;
        return model.getLayer('classes').apply(states) as tf.Tensor;
      }

      function gradientsThrough(model: tf.LayersModel, run: () => tf.Tensor, direction: tf.Tensor) {
        const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
        const { value, grads } = tf.variableGrads(
          () => tf.sum(tf.mul(run(), direction)),
          variables,
        );
        const result = {
          value: value.dataSync()[0],
          grads: variables.map((v) => Array.from(grads[v.name]!.dataSync())),
        };
        tf.dispose([value, ...Object.values(grads)]);
        return result;
      }

      it('with the same loss and the same bits of every gradient as without it', () => {
        const model = build();
        const tokens = ids();
        const direction = tf.randomNormal([4, 3], 0, 1, 'float32', 6);
        const table = gradientsThrough(
          model,
          () => model.apply(tokens, { training: true }) as tf.Tensor,
          direction,
        );
        const rows = gradientsThrough(model, () => withoutTable(model, tokens), direction);
        expect(table.value).toBe(rows.value);
        expect(table.grads).toEqual(rows.grads);
      });

      it('without scattering a gradient of every looked-up row', async () => {
        const model = build();
        const tokens = ids();
        const direction = tf.randomNormal([4, 3], 0, 1, 'float32', 6);
        const scatters = async (run: () => tf.Tensor) => {
          const info = await tf.profile(() => {
            gradientsThrough(model, run, direction);
          });
          return info.kernels
            .filter((k) => k.name === 'UnsortedSegmentSum')
            .map((k) => k.inputShapes[0]!.join('x'));
        };
        // 4 rows x 16 positions of 6 features: the lookup's gradient, scattered into the table.
        const everyRow = '64x6';
        expect(await scatters(() => withoutTable(model, tokens))).toContain(everyRow);
        const fromTable = await scatters(
          () => model.apply(tokens, { training: true }) as tf.Tensor,
        );
        expect(fromTable).not.toContain(everyRow);
        // The table's gradient: one row per distinct token (at most the vocabulary), from each of
        // level 0's encoders (forwards, and backwards in a BiSRNN).
        const intoTable = fromTable.filter((shape) => shape.endsWith('x6'));
        expect(intoTable).toHaveLength(slicing.startsWith('Bi') ? 2 : 1);
        for (const shape of intoTable) {
          expect(Number(shape.split('x')[0])).toBeLessThanOrEqual(VOCABULARY);
        }
      });
    },
  );

  describe("a classifier's embedding leaves its lookup to the SRNN layer", () => {
    const build = (skipPadding: boolean) => smallClassifier({ skipPadding });
    // Rows 0 and 2 end in 8 positions of padding: two of their four subsequences hold no token.
    const paddedIds = () =>
      tf.tidy(() =>
        tf.mul(
          repeatedIds(),
          tf.tensor2d(
            Array.from({ length: 64 }, (_, i) =>
              Math.floor(i / 16) % 2 === 0 && i % 16 < 8 ? 0 : 1,
            ),
            [4, 16],
            'int32',
          ),
        ),
      );
    /** Rows looked up in the table [VOCABULARY, 6] by each gather of a profiled run. */
    const tableGathers = async (run: () => void) =>
      (await tf.profile(run)).kernels
        .filter((k) => k.name === 'GatherV2' && k.inputShapes[0]!.join() === `${VOCABULARY},6`)
        .map((k) => k.inputShapes[1]![0]!);
    /** The classifier's layers called one by one: the embedding looks up all 64 rows. */
    const layerByLayer = (model: tf.LayersModel, tokens: tf.Tensor) => {
      const rows = model.getLayer('embedding').apply(tokens) as tf.Tensor;
      expect(rows.shape).toEqual([4, 16, 6]);
      const states = model.getLayer('srnn').apply([rows, tokens], { training: true });
      return model.getLayer('classes').apply(states as tf.Tensor) as tf.Tensor;
    };

    it.each([false, true])(
      'skipping padding %s: the distinct tokens of running subsequences only, with the same bits as a full lookup',
      async (skipPadding) => {
        const model = build(skipPadding);
        const tokens = paddedIds();
        // Subsequences that run: of the 16, the four all-padding ones (two in rows 0 and 2) are
        // equal and run once (13); skipping padding, none of them runs (12). The projection reads
        // each distinct token of those from the table once, and nothing else is looked up.
        const subsequences = Array.from({ length: 16 }, (_, s) =>
          Array.from(tokens.dataSync().subarray(4 * s, 4 * s + 4)),
        );
        const running = subsequences.filter((ids) => !skipPadding || ids.some((id) => id !== 0));
        expect(running).toHaveLength(skipPadding ? 12 : 16);
        const gathered = await tableGathers(() => {
          model.predict(tokens);
        });
        expect(gathered).toEqual([new Set(running.flat()).size]);
        expect(await tableGathers(() => layerByLayer(model, tokens))).toContain(64);
        const direction = tf.randomNormal([4, 3], 0, 1, 'float32', 6);
        const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
        const gradients = (run: () => tf.Tensor) => {
          const { value, grads } = tf.variableGrads(
            () => tf.sum(tf.mul(run(), direction)),
            variables,
          );
          return [value, ...variables.map((v) => grads[v.name]!)].map((t) =>
            Array.from(t.dataSync()),
          );
        };
        expect(gradients(() => model.apply(tokens, { training: true }) as tf.Tensor)).toEqual(
          gradients(() => layerByLayer(model, tokens)),
        );
      },
    );

    it('explains a classifier with front padding as its layers run one by one compute it', () => {
      // T = 14 under SRNN(4,1): two steps of front padding, added inside the model.
      const model = smallClassifier({ maxLength: 14, attention: true, skipPadding: true });
      const tokens = tf.tidy(() => tf.slice(paddedIds(), [0, 2], [4, 14]));
      const weights = explainAttention(model, tokens);
      const padded = model.getLayer('front_padding').apply(tokens) as tf.Tensor;
      const rows = model.getLayer('embedding').apply(padded) as tf.Tensor;
      const srnn = model.getLayer('srnn') as SlicedRNN;
      const expected = srnn.attentionWeights([rows, padded]);
      expect(weights.map((w) => Array.from(w.weights.dataSync()))).toEqual(
        expected.map((w) => Array.from(w.weights.dataSync())),
      );
      expect(tokens.isDisposed).toBe(false);
      // The placeholder of a model made to stop at the embedding stands for ids that die with
      // that model's run: refused by name, not read from freed memory.
      const features = tf.model({
        inputs: model.inputs,
        outputs: model.getLayer('embedding').output as tf.SymbolicTensor,
      });
      const placeholder = features.apply(tokens) as tf.Tensor;
      expect(() => srnn.apply([placeholder, padded])).toThrow(
        /placeholder for looked-up rows was used after the model run that made it/,
      );
    });

    it("looks the running rows up for a level-0 encoder that does not read the table's rows itself", async () => {
      const model = build(false);
      const tokens = paddedIds();
      const expected = Array.from((model.predict(tokens) as tf.Tensor).dataSync());
      // An encoder that leaves readsRowsFromTable out needs the rows in its inputs.
      const encoder = (model.getLayer('srnn') as SlicedRNN).levelEncoders[0]!;
      Object.defineProperty(encoder, 'readsRowsFromTable', { value: undefined });
      let output: tf.Tensor | undefined;
      const gathered = await tableGathers(() => {
        output = model.predict(tokens) as tf.Tensor;
      });
      // The 13 running subsequences' 52 rows are looked up, then the distinct ones projected.
      expect(gathered).toContain(13 * 4);
      expect(Array.from(output!.dataSync())).toEqual(expected);
    });

    it('looks every row up where the embedding has another use', async () => {
      const tokens = tf.input({ shape: [16], dtype: 'int32' });
      const embedding = new TokenEmbedding({ inputDim: VOCABULARY, outputDim: 6, seed: 1 });
      const rows = embedding.apply(tokens) as tf.SymbolicTensor;
      const srnn = new SlicedRNN({
        slices: [4],
        minimalLength: 4,
        levels: [0, 1].map((seed) => ({ cell: 'gru', options: { units: 2, seed } })),
      });
      const model = tf.model({
        inputs: tokens,
        outputs: [
          srnn.apply([rows, tokens]) as tf.SymbolicTensor,
          tf.layers.globalAveragePooling1d().apply(rows) as tf.SymbolicTensor,
        ],
      });
      const ids = paddedIds();
      let outputs: tf.Tensor[] = [];
      expect(
        await tableGathers(() => {
          outputs = model.predict(ids) as tf.Tensor[];
        }),
      ).toContain(64);
      const mean = tf.mean(embedding.lookUp(ids), 1);
      expect(maxDifference(outputs[1]!.dataSync(), mean.dataSync())).toBeLessThan(1e-6);
    });

    it('an SRNN layer given the placeholder with other ids looks the rows up itself', () => {
      const model = build(false);
      const tokens = paddedIds();
      // A model made to output the embedding's output gets the placeholder (see TokenEmbedding).
      const features = tf.model({
        inputs: model.inputs,
        outputs: model.getLayer('embedding').output as tf.SymbolicTensor,
      });
      const placeholder = features.apply(tokens) as tf.Tensor;
      expect(placeholder.shape).toEqual([4, 16, 0]);
      const srnn = model.getLayer('srnn');
      const rows = model.getLayer('embedding').apply(tokens) as tf.Tensor;
      const expected = Array.from((srnn.apply([rows, tokens]) as tf.Tensor).dataSync());
      const copy = tf.clone(tokens);
      expect(Array.from((srnn.apply([placeholder, copy]) as tf.Tensor).dataSync())).toEqual(
        expected,
      );
      expect(Array.from((srnn.apply(placeholder) as tf.Tensor).dataSync())).toEqual(expected);
      // Once the table has new values, the placeholder's rows are gone: refused, not re-read.
      model
        .getLayer('embedding')
        .setWeights([tf.randomNormal([VOCABULARY, 6], 0, 1, 'float32', 2)]);
      expect(() => srnn.apply([placeholder, tokens])).toThrow(
        /embedding table was assigned new values between the lookup and its use/,
      );
    });
  });

  it('trains with the embedding frozen (no gradient reaches the table, none is computed)', async () => {
    const model = buildClassifier({
      vocabularySize: VOCABULARY,
      embeddingDim: 4,
      units: 3,
      classes: 2,
      maxLength: 16,
      slicing: 'SRNN(4,1)',
      embeddingTrainable: false,
      seed: 2,
    });
    const embedding = model.getLayer('embedding');
    const table = embedding.getWeights()[0]!.dataSync().slice();
    // The variable says it too, so the first level does not compute the table's gradient: no
    // scatter into a [vocabulary, embedding] gradient in a training step.
    expect(embedding.weights[0]!.trainable).toBe(false);
    const labels = tf.oneHot(tf.tensor1d([0, 1, 1, 0], 'int32'), 2);
    const optimizer = tf.train.adam(0.05);
    const loss = (): tf.Scalar =>
      tf.losses.softmaxCrossEntropy(
        labels,
        model.apply(repeatedIds(), { training: true }) as tf.Tensor,
      ) as tf.Scalar;
    const info = await tf.profile(() => {
      optimizer.minimize(loss);
    });
    const tableShaped = info.kernels.filter(
      (k) =>
        k.name === 'UnsortedSegmentSum' && k.outputShapes[0]!.join() === [VOCABULARY, 4].join(),
    );
    expect(tableShaped).toEqual([]);
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
    await model.fit(repeatedIds(), labels, { epochs: 2, verbose: 0 });
    expect(Array.from(embedding.getWeights()[0]!.dataSync())).toEqual(Array.from(table));
    // Unfrozen later, it trains.
    embedding.trainable = true;
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
    await model.fit(repeatedIds(), labels, { epochs: 1, verbose: 0 });
    expect(Array.from(embedding.getWeights()[0]!.dataSync())).not.toEqual(Array.from(table));
  });
});
