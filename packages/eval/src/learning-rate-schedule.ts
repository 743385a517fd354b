import { z } from 'zod';

const KINDS = "'constant', 'step', 'warmup', 'cosine'";

const integerAtLeast = (min: number) =>
  z
    .number({ error: `must be an integer >= ${min}` })
    .int({ error: `must be an integer >= ${min}` })
    .min(min, { error: `must be an integer >= ${min}` });

/**
 * How the learning rate moves over a run, as a multiple of `adam.learningRate` (the base rate).
 * - `constant` (default, the paper's): the base rate throughout.
 * - `step`: step decay, the base rate times `factor` once every `everyEpochs` epochs.
 * - `warmup`: linear warm-up over the first `warmupSteps` updates, then the base rate.
 * - `cosine`: linear warm-up over `warmupSteps` (default 0) updates, then a half cosine from the
 *   base rate down towards `minLearningRate` (default 0) at the end of the last epoch.
 */
export const learningRateScheduleSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('constant') }),
    z.strictObject({
      kind: z.literal('step'),
      factor: z
        .number({ error: 'must be a number in (0, 1)' })
        .gt(0, { error: 'must be a number in (0, 1)' })
        .lt(1, { error: 'must be a number in (0, 1)' }),
      everyEpochs: integerAtLeast(1),
    }),
    z.strictObject({
      kind: z.literal('warmup'),
      warmupSteps: integerAtLeast(1),
    }),
    z.strictObject({
      kind: z.literal('cosine'),
      warmupSteps: integerAtLeast(0).default(0),
      minLearningRate: z
        .number({ error: 'must be a number >= 0' })
        .min(0, { error: 'must be a number >= 0' })
        .default(0),
    }),
  ],
  { error: `kind must be one of ${KINDS}` },
);

/** A schedule as callers write it. */
export type LearningRateScheduleOptions = z.input<typeof learningRateScheduleSchema>;
/** A validated schedule with its defaults. */
export type LearningRateSchedule = z.output<typeof learningRateScheduleSchema>;

/** Where an update falls in the run. */
export interface SchedulePosition {
  /** 0-based index of the update over the whole run (the global step before it is taken). */
  readonly step: number;
  /** 0-based epoch the update belongs to. */
  readonly epochIndex: number;
  /** Updates in the whole run: epochs times steps per epoch. */
  readonly totalSteps: number;
}

/**
 * The learning rate of one update. A pure function of the position, so a resumed run takes the
 * same rates as an uninterrupted one without saving anything.
 */
export function learningRateAt(
  schedule: LearningRateSchedule,
  base: number,
  position: SchedulePosition,
): number {
  const { step, epochIndex, totalSteps } = position;
  switch (schedule.kind) {
    case 'constant':
      return base;
    case 'step':
      return base * schedule.factor ** Math.floor(epochIndex / schedule.everyEpochs);
    case 'warmup':
      return base * Math.min(1, (step + 1) / schedule.warmupSteps);
    case 'cosine': {
      const warmup = schedule.warmupSteps;
      if (step < warmup) return base * ((step + 1) / warmup);
      // progress runs from 0 at the first update after warm-up to just below 1 at the last one.
      const progress = (step - warmup) / Math.max(1, totalSteps - warmup);
      const min = schedule.minLearningRate;
      return min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
  }
}
