import { parseOptions } from '@srnn/errors';
import { z } from 'zod';
import { median } from './statistics';

const count = (field: string, min: number) =>
  z
    .number({ error: `${field} must be an integer >= ${min}` })
    .int({ error: `${field} must be an integer >= ${min}` })
    .min(min, { error: `${field} must be an integer >= ${min}` });

/** How steps are timed; one definition for every benchmark and experiment of the project. */
export const timingSchema = z.object({
  /** Timed steps per round (default 5). */
  steps: count('steps', 1).default(5),
  /** Untimed steps at the start of each round, to let kernels and memory settle (default 1). */
  warmup: count('warmup', 0).default(1),
  /** Rounds; the figure is the median of the rounds' medians (default 1). */
  rounds: count('rounds', 1).default(1),
});

/** Options of {@link timeSteps}. */
export type TimeStepsOptions = z.input<typeof timingSchema> & {
  /** Runs after each round, untimed: e.g. a peer measured between rounds on the same machine. */
  readonly afterRound?: (round: number) => unknown;
};

/** What {@link timeSteps} measured. */
export interface StepTimes {
  /** The figure: the median over rounds of each round's median milliseconds per step. */
  readonly medianMs: number;
  /** Each round's median milliseconds per step. */
  readonly roundsMs: number[];
  /** Every timed step in order, all rounds. */
  readonly samplesMs: number[];
}

/** Validates timing options, naming each bad field. */
export function parseTiming(
  options: unknown,
  context = 'timeSteps',
): z.output<typeof timingSchema> {
  return parseOptions(timingSchema, options, context);
}

/**
 * Times `step` (awaited, so a step that returns a promise is timed to its end): in each round,
 * `warmup` untimed steps and then `steps` timed ones. The step must itself wait for its work to
 * finish (e.g. read its loss), or the time is only that of queuing it.
 */
export async function timeSteps(
  step: () => unknown,
  options: TimeStepsOptions = {},
): Promise<StepTimes> {
  const { steps, warmup, rounds } = parseTiming(options);
  const samplesMs: number[] = [];
  const roundsMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < warmup; i++) await step();
    const times: number[] = [];
    for (let i = 0; i < steps; i++) {
      const started = performance.now();
      await step();
      times.push(performance.now() - started);
    }
    samplesMs.push(...times);
    roundsMs.push(median(times));
    await options.afterRound?.(round);
  }
  return { medianMs: median(roundsMs), roundsMs, samplesMs };
}

/**
 * Combines rounds measured separately (e.g. a fresh model per round, alternating with other
 * models) the way {@link timeSteps} combines its own: the median of the rounds' medians.
 */
export function combineRounds(rounds: readonly StepTimes[]): StepTimes {
  const roundsMs = rounds.flatMap((r) => r.roundsMs);
  return {
    medianMs: median(roundsMs),
    roundsMs,
    samplesMs: rounds.flatMap((r) => r.samplesMs),
  };
}

/**
 * Seconds that timing a model would take, from a predicted time per step: warm-up and timed steps
 * of every round. Experiments skip a model whose prediction exceeds their budget.
 */
export function predictedTimingSeconds(msPerStep: number, options: TimeStepsOptions = {}): number {
  const { steps, warmup, rounds } = parseTiming(options);
  return (msPerStep * (steps + warmup) * rounds) / 1000;
}
