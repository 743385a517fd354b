import { spreadOf, summariseSeeds } from '../src/seed-summary';
import { handRun, threeSeeds } from './seed-runs';

describe('spread over seeds', () => {
  it('gives the mean, the sample standard deviation (n - 1) and the range', () => {
    // 1, 2, 3, 4: mean 2.5; squares 2.25 + 0.25 + 0.25 + 2.25 = 5; 5 / 3 -> sd 1.2909944.
    const s = spreadOf([3, 1, 4, 2]);
    expect(s).toEqual({
      n: 4,
      mean: 2.5,
      sd: expect.closeTo(Math.sqrt(5 / 3), 12),
      min: 1,
      max: 4,
    });
    expect(spreadOf([0.8, 0.9, 0.85]).sd).toBeCloseTo(0.05, 12);
    // One seed: no spread.
    expect(spreadOf([0.7])).toEqual({ n: 1, mean: 0.7, sd: 0, min: 0.7, max: 0.7 });
    expect(() => spreadOf([])).toThrow('no values');
  });

  it('summarises each model of a data set over its seeds, in the order the models ran', () => {
    const [gru, attention] = summariseSeeds(threeSeeds().runs);
    expect(gru!.model).toBe('GRU');
    expect(gru!.seeds).toEqual([2018, 2019, 2020]);
    // GRU test 0.7, 0.8, 0.9: mean 0.8, sd 0.1; validation 0.8, 0.9, 0.85: mean 0.85, sd 0.05.
    expect(gru!.testAccuracy!.mean).toBeCloseTo(0.8, 12);
    expect(gru!.testAccuracy!.sd).toBeCloseTo(0.1, 12);
    expect(gru!.bestValidationAccuracy.mean).toBeCloseTo(0.85, 12);
    expect(gru!.bestValidationAccuracy.sd).toBeCloseTo(0.05, 12);
    expect(attention!.model).toBe('SRNN(8,2)+attention');
    expect(attention!.testAccuracy).toMatchObject({ min: 0.8, max: 0.9 });
    expect(attention!.testAccuracy!.mean).toBeCloseTo(0.85, 12);
    // Seconds 1, 2, 3: mean 2, sd 1.
    expect(attention!.secondsPerEpoch).toMatchObject({ mean: 2, sd: 1, min: 1, max: 3 });
  });

  it('leaves out a run without a test figure from the test spread only', () => {
    const runs = [handRun('GRU', 1, 0.5, 0.6, 1), handRun('GRU', 2, 0.7, 0.8, 1)];
    (runs[1]!.training as { test: unknown }).test = null;
    const [s] = summariseSeeds(runs);
    expect(s!.testAccuracy).toMatchObject({ n: 1, mean: 0.6 });
    expect(s!.bestValidationAccuracy).toMatchObject({ n: 2 });
    expect(s!.bestValidationAccuracy.mean).toBeCloseTo(0.6, 12);
  });
});
