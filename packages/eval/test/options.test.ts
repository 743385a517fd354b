import { parseTrainOptions, trainOptionsSchema } from '../src';
import { tinyModel, toySplit, useCpuBackend } from './helpers';

beforeAll(useCpuBackend);

const valid = () => ({
  model: tinyModel(),
  train: toySplit(4),
  validation: toySplit(4),
  outputDir: 'runs/x',
});

describe('training options', () => {
  it("fills in the paper's defaults", () => {
    const options = parseTrainOptions(valid());
    expect(options).toMatchObject({
      seed: 2018,
      batchSize: 100,
      epochs: 10,
      adam: { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      progress: 'auto',
      resume: true,
      handleSignals: true,
    });
    expect(options.patience).toBeUndefined();
  });

  it('keeps the Adam defaults it was not given', () => {
    expect(parseTrainOptions({ ...valid(), adam: { learningRate: 0.01 } }).adam).toEqual({
      learningRate: 0.01,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      implementation: 'fused',
    });
  });

  it.each([
    [{ batchSize: 0 }, 'batchSize: must be an integer >= 1'],
    [{ epochs: 2.5 }, 'epochs: must be an integer >= 1'],
    [{ progress: 'fancy' }, "progress: must be one of 'auto', 'bar', 'lines', 'none'"],
    [{ adam: { beta1: 1 } }, 'adam.beta1: adam.beta1 must be a number in [0, 1)'],
    [{ adam: { learningRate: -1 } }, 'adam.learningRate: adam.learningRate must be a number > 0'],
    [{ outputDir: '' }, 'outputDir: must be a non-empty path string'],
    [{ model: {} }, 'model: must be a tf.LayersModel'],
    [
      { train: { x: [1], shape: [1, 1], y: [0] } },
      'train: must be { x: Int32Array or Uint16Array, shape: [n, maxLen], y: Int32Array, rows?: Int32Array }',
    ],
    [{ patience: 0 }, 'patience: must be an integer >= 1'],
    [{ signal: 'stop' }, 'signal: must be an AbortSignal or an object with a boolean `aborted`'],
    [{ batchsize: 10 }, "unknown field 'batchsize'; valid fields: model, train"],
  ])('rejects %j naming the field and what it accepts', (change, message) => {
    expect(() => parseTrainOptions({ ...valid(), ...change })).toThrow(
      `trainClassifier options: ${message}`,
    );
  });

  it('lists every bad field in one message', () => {
    expect(() => parseTrainOptions({ ...valid(), batchSize: -1, epochs: 0 })).toThrow(
      /batchSize: .*; epochs: /,
    );
  });

  it('exposes the schema for callers that validate configuration files', () => {
    expect(trainOptionsSchema.shape.progress.safeParse('lines').success).toBe(true);
  });
});
