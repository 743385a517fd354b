import * as tf from '@tensorflow/tfjs';
import {
  combineRounds,
  median,
  predictedTimingSeconds,
  timeSteps,
  timeTrainingSteps,
} from '../src';
import { tinyModel, toySplit, useCpuBackend, weightValues } from './helpers';

beforeAll(useCpuBackend);

describe('timeSteps', () => {
  it('runs warm-up then timed steps in each round, with afterRound between rounds', async () => {
    const events: string[] = [];
    let calls = 0;
    const times = await timeSteps(
      async () => {
        calls += 1;
        events.push('step');
        await new Promise((resolve) => setImmediate(resolve));
      },
      { steps: 3, warmup: 2, rounds: 2, afterRound: (round) => events.push(`after ${round}`) },
    );
    expect(calls).toBe(2 * (2 + 3));
    expect(events).toEqual([
      ...Array(5).fill('step'),
      'after 0',
      ...Array(5).fill('step'),
      'after 1',
    ]);
    expect(times.samplesMs).toHaveLength(6);
    expect(times.roundsMs).toEqual([
      median(times.samplesMs.slice(0, 3)),
      median(times.samplesMs.slice(3)),
    ]);
    expect(times.medianMs).toBe(median(times.roundsMs));
  });

  it('refuses bad counts, naming the field', async () => {
    await expect(timeSteps(() => undefined, { steps: 0 })).rejects.toThrow(
      'timeSteps: steps: must be an integer >= 1',
    );
    await expect(timeSteps(() => undefined, { rounds: 1.5 })).rejects.toThrow(
      'rounds: must be an integer >= 1',
    );
  });
});

describe('combineRounds and predictedTimingSeconds', () => {
  it('take the median of round medians, and count warm-up and rounds in a prediction', () => {
    const round = (ms: number) => ({ medianMs: ms, roundsMs: [ms], samplesMs: [ms, ms] });
    const combined = combineRounds([round(30), round(10), round(20)]);
    expect(combined.medianMs).toBe(20);
    expect(combined.roundsMs).toEqual([30, 10, 20]);
    expect(combined.samplesMs).toHaveLength(6);
    // 200 ms per step x (5 timed + 1 warm-up) x 2 rounds = 2.4 s.
    expect(predictedTimingSeconds(200, { steps: 5, warmup: 1, rounds: 2 })).toBeCloseTo(2.4, 12);
  });
});

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
      'timeTrainingSteps: steps: must be an integer >= 1',
    );
    await expect(timeTrainingSteps(tinyModel(), toySplit(2), { warmup: -1 })).rejects.toThrow(
      'warmup: must be an integer >= 0',
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
