import {
  learningRateAt,
  learningRateScheduleSchema,
  parseTrainOptions,
  trainClassifier,
  type LearningRateScheduleOptions,
} from '../src';
import { faultRun } from './fixtures/fault-run';
import { temporaryDirectory, useCpuBackend, weightBytes } from './helpers';

beforeAll(useCpuBackend);

const rates = (schedule: LearningRateScheduleOptions, base: number, steps: number, perEpoch = 1) =>
  Array.from({ length: steps }, (_, step) =>
    learningRateAt(learningRateScheduleSchema.parse(schedule), base, {
      step,
      epochIndex: Math.floor(step / perEpoch),
      totalSteps: steps,
    }),
  );

describe('learningRateAt (hand-worked values)', () => {
  it('constant: the base rate throughout', () => {
    expect(rates({ kind: 'constant' }, 0.1, 3)).toEqual([0.1, 0.1, 0.1]);
  });

  it('step: halved every 2 epochs', () => {
    // 2 steps per epoch, epochs 0..4: 0.1, 0.1, 0.05, 0.05, 0.025.
    expect(rates({ kind: 'step', factor: 0.5, everyEpochs: 2 }, 0.1, 10, 2)).toEqual([
      0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025,
    ]);
  });

  it('warmup: a quarter more of the base rate each of the first 4 steps, then the base rate', () => {
    const got = rates({ kind: 'warmup', warmupSteps: 4 }, 0.1, 6);
    [0.025, 0.05, 0.075, 0.1, 0.1, 0.1].forEach((want, i) => expect(got[i]).toBeCloseTo(want, 12));
  });

  it('cosine: 2 warm-up steps, then half a cosine over the 4 remaining steps', () => {
    const got = rates({ kind: 'cosine', warmupSteps: 2 }, 0.1, 6);
    // After warm-up, progress p = 0, 1/4, 2/4, 3/4 and rate = 0.1 * (1 + cos(pi p)) / 2:
    // cos(pi/4) = 0.70710678, so 0.1, 0.08535534, 0.05, 0.01464466.
    [0.05, 0.1, 0.1, 0.08535534, 0.05, 0.01464466].forEach((want, i) =>
      expect(got[i]).toBeCloseTo(want, 8),
    );
    // With a floor of 0.01 the half-way rate is 0.01 + 0.09 / 2.
    expect(rates({ kind: 'cosine', warmupSteps: 2, minLearningRate: 0.01 }, 0.1, 6)[4]).toBeCloseTo(
      0.055,
      12,
    );
  });
});

describe('the learningRateSchedule option', () => {
  const base = { ...faultRun(), outputDir: 'unused' };
  it.each([
    [
      { kind: 'linear' },
      "learningRateSchedule.kind: must be one of 'constant', 'step', 'warmup', 'cosine'",
    ],
    [
      { kind: 'step', factor: 1.5, everyEpochs: 1 },
      'learningRateSchedule.factor: must be a number in (0, 1)',
    ],
    [
      { kind: 'warmup', warmupSteps: 0 },
      'learningRateSchedule.warmupSteps: must be an integer >= 1',
    ],
    [{ kind: 'cosine', speed: 2 }, "learningRateSchedule: unknown field 'speed'"],
  ])('refuses %j, naming the field and what is allowed', (schedule, message) => {
    expect(() => parseTrainOptions({ ...base, learningRateSchedule: schedule })).toThrow(message);
  });

  it('defaults to constant, the paper’s', () => {
    expect(parseTrainOptions(base).learningRateSchedule).toEqual({ kind: 'constant' });
  });

  it('sets each step’s rate and resumes with the same rates and weights', async () => {
    const schedule = { kind: 'cosine', warmupSteps: 3 } as const;
    const run = async (stopAt?: number) => {
      const dir = await temporaryDirectory();
      try {
        const used: number[] = [];
        const controller = { aborted: false };
        if (stopAt !== undefined) {
          await trainClassifier({
            ...faultRun(),
            learningRateSchedule: schedule,
            outputDir: dir.path,
            signal: controller,
            onStepEnd: (info) => {
              used.push(info.learningRate);
              if (info.globalStep === stopAt) controller.aborted = true;
            },
          });
        }
        const options = faultRun();
        await trainClassifier({
          ...options,
          learningRateSchedule: schedule,
          outputDir: dir.path,
          onStepEnd: (info) => used.push(info.learningRate),
        });
        return { used, weights: weightBytes(options.model) };
      } finally {
        await dir.cleanup();
      }
    };
    const whole = await run();
    // 2 epochs of 4 steps: the rates of learningRateAt at steps 0..7.
    expect(whole.used).toEqual(rates(schedule, 0.05, 8, 4));
    expect(await run(5)).toEqual(whole);
  });
});
