import * as tf from '@tensorflow/tfjs';
import { median, timeTrainingSteps } from '../src';
import { tinyModel, toySplit, useCpuBackend, weightValues } from './helpers';

beforeAll(useCpuBackend);

describe('timeTrainingSteps', () => {
  it('returns the median of its timed steps, trains the model and leaks no tensors', async () => {
    const model = tinyModel();
    const batch = toySplit(8);
    const before = weightValues(model);
    const tensors = tf.memory().numTensors;
    const timing = await timeTrainingSteps(model, batch, { steps: 3, warmup: 1 });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(timing.samplesMs).toHaveLength(3);
    expect(timing.medianMs).toBe(median(timing.samplesMs));
    expect(timing.samplesMs.every((ms) => ms > 0)).toBe(true);
    expect([timing.rows, timing.maxLen]).toEqual([8, 6]);
    expect(weightValues(model)[1]).not.toEqual(before[1]);
  });

  it('rejects bad step counts', async () => {
    await expect(timeTrainingSteps(tinyModel(), toySplit(2), { steps: 0 })).rejects.toThrow(
      /steps must be an integer >= 1, got 0/,
    );
    await expect(timeTrainingSteps(tinyModel(), toySplit(2), { warmup: -1 })).rejects.toThrow(
      /warmup must be an integer >= 0, got -1/,
    );
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/empty/);
  });
});
