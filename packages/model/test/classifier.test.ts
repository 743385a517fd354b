import * as tf from '@tensorflow/tfjs';
import { buildClassifier, SlicedRNN } from '@srnn/model';

// GRU parameters in Keras 2.1 (reset_after=False, one bias per gate): 3 x (F*U + U*U + U).
const gruParameters = (features: number, units: number): number =>
  3 * (features * units + units * units + units);

describe('parameter counts at the paper settings (vocabulary 30,001 x 200, GRU 50, 5 classes)', () => {
  const paper = { vocabularySize: 30001, embeddingDim: 200, units: 50, classes: 5, maxLength: 512 };
  const embedding = 30001 * 200;
  const dense = 50 * 5 + 5;
  // The paper's "M" is 2^20 parameters: 6,038,105 / 2^20 = 5.76 for the GRU, as in its table 2.
  const inPaperMillions = (count: number): number => Math.round((count / 2 ** 20) * 100) / 100;
  const count = (config: Parameters<typeof buildClassifier>[0]): number => {
    const model = buildClassifier(config);
    const total = model.countParams();
    model.dispose();
    return total;
  };

  it('GRU baseline: embedding + GRU(50) on 200 inputs + dense = 5.76M', () => {
    const expected = embedding + gruParameters(200, 50) + dense;
    expect(expected).toBe(6038105);
    expect(count({ ...paper, architecture: 'rnn' })).toBe(expected);
    expect(inPaperMillions(expected)).toBe(5.76);
  });

  it('SRNN(8,2) adds two GRU(50) on 50 inputs = 5.79M', () => {
    const expected = embedding + gruParameters(200, 50) + 2 * gruParameters(50, 50) + dense;
    expect(count({ ...paper, slicing: 'SRNN(8,2)' })).toBe(expected);
    expect(inPaperMillions(expected)).toBe(5.79);
  });

  it('SRNN(16,1) = 5.77M and SRNN(4,3) = 5.80M', () => {
    const base = embedding + gruParameters(200, 50) + dense;
    expect(count({ ...paper, slicing: 'SRNN(16,1)' })).toBe(base + gruParameters(50, 50));
    expect(inPaperMillions(base + gruParameters(50, 50))).toBe(5.77);
    expect(count({ ...paper, slicing: 'SRNN(4,3)' })).toBe(base + 3 * gruParameters(50, 50));
    expect(inPaperMillions(base + 3 * gruParameters(50, 50))).toBe(5.8);
  });

  it('DCCNN: 9 causal conv layers (kernel 2, 50 filters) = 5.78M', () => {
    const convolutions = 2 * 200 * 50 + 50 + 8 * (2 * 50 * 50 + 50);
    const expected = embedding + convolutions + dense;
    expect(count({ ...paper, architecture: 'dccnn' })).toBe(expected);
    expect(inPaperMillions(expected)).toBe(5.78);
  });
});

describe('buildClassifier', () => {
  const small = { vocabularySize: 12, embeddingDim: 3, units: 4, classes: 3, seed: 1 };

  it('maps int32 ids [batch, maxLength] to probabilities [batch, classes]', () => {
    for (const architecture of ['srnn', 'rnn', 'dccnn'] as const) {
      const model = buildClassifier({ ...small, architecture, maxLength: 8, slicing: [2, 2] });
      const ids = tf.tensor2d(
        [
          [0, 0, 1, 2, 3, 4, 5, 6],
          [1, 1, 1, 1, 1, 1, 1, 11],
        ],
        undefined,
        'int32',
      );
      const probabilities = model.predict(ids) as tf.Tensor;
      expect(probabilities.shape).toEqual([2, 3]);
      const sums = tf.sum(probabilities, 1).arraySync() as number[];
      sums.forEach((s) => expect(s).toBeCloseTo(1, 5));
      tf.dispose([ids, probabilities]);
      model.dispose();
    }
  });

  it('pads at the front inside the model when maxLength < the plan padded length', () => {
    // maxLength 7 with SRNN(2,2): l_0 = 2, padded length 8, one padding step in front.
    const short = buildClassifier({ ...small, maxLength: 7, slicing: 'SRNN(2,2)' });
    const full = buildClassifier({ ...small, maxLength: 8, slicing: 'SRNN(2,2)' });
    full.setWeights(short.getWeights());
    const row = [3, 1, 4, 1, 5, 9, 2];
    const a = short.predict(tf.tensor2d([row], undefined, 'int32')) as tf.Tensor;
    const b = full.predict(tf.tensor2d([[0, ...row]], undefined, 'int32')) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThan(1e-6);
    expect(short.layers.map((l) => l.name)).toContain('front_padding');
    short.dispose();
    full.dispose();
  });

  it('uses per-level cells and options', () => {
    const model = buildClassifier({
      ...small,
      maxLength: 8,
      slicing: { slices: [4, 2] },
      cellOptions: [{ units: 5 }, { units: 6, activation: 'tanh' }, {}],
    });
    const srnn = model.getLayer('srnn') as SlicedRNN;
    expect(srnn.levels.map((l) => l.options.units)).toEqual([5, 6, 4]);
    expect(srnn.levels[1]!.options['activation']).toBe('tanh');
    expect(srnn.minimalLength).toBe(1);
    model.dispose();
  });

  it('loads a pretrained embedding matrix and honours the trainable flag', () => {
    const matrix = Float32Array.from({ length: 12 * 3 }, (_, i) => i / 10);
    const model = buildClassifier({
      ...small,
      architecture: 'rnn',
      maxLength: 4,
      embeddingMatrix: matrix,
      embeddingTrainable: false,
    });
    const embedding = model.getLayer('embedding');
    expect(Array.from(embedding.getWeights()[0]!.dataSync())).toEqual(Array.from(matrix));
    expect(embedding.trainableWeights).toHaveLength(0);
    model.dispose();
  });

  it('gives equal models for equal seeds', () => {
    const a = buildClassifier({ ...small, maxLength: 8, slicing: [2, 2] });
    const b = buildClassifier({ ...small, maxLength: 8, slicing: [2, 2] });
    a.getWeights().forEach((w, i) =>
      expect(Array.from(w.dataSync())).toEqual(Array.from(b.getWeights()[i]!.dataSync())),
    );
    a.dispose();
    b.dispose();
  });

  it('rejects bad configurations naming the field and the allowed values', () => {
    const base = { ...small, maxLength: 8 };
    expect(() => buildClassifier({ ...base, architecture: 'cnn' as never })).toThrow(
      /architecture.*"srnn"\|"rnn"\|"dccnn"/,
    );
    expect(() => buildClassifier(base)).toThrow(/slicing: is required for architecture 'srnn'/);
    expect(() => buildClassifier({ ...base, slicing: 'SRNN(4,2)' })).toThrow(/slices/);
    expect(() => buildClassifier({ ...base, slicing: [2], cell: ['gru', 'gru', 'gru'] })).toThrow(
      /cell: has 3 entries but the model has 2 level/,
    );
    expect(() => buildClassifier({ ...base, slicing: [2], cell: 'qrnn' })).toThrow(
      /Unknown cell 'qrnn'.*'gru'/,
    );
    expect(() =>
      buildClassifier({ ...base, architecture: 'rnn', embeddingMatrix: new Float32Array(5) }),
    ).toThrow(/embeddingMatrix: has 5 values, expected 36/);
    expect(() => buildClassifier({ ...base, slicing: [2], units: 0 })).toThrow(/units/);
  });
});
