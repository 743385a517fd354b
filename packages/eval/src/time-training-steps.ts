import * as tf from '@tensorflow/tfjs';
import { createAdam } from './adam';
import { outputClasses } from './model-shape';
import { assertValidSplit, gatherRange, type EncodedSplit } from './splits';
import { median } from './statistics';
import { createTrainStep } from './train-step';

/** Options of {@link timeTrainingSteps}. */
export interface TimingOptions {
  /** Timed steps (default 5). */
  readonly steps?: number;
  /** Untimed steps first, to let kernels and memory settle (default 1). */
  readonly warmup?: number;
  /** Optimizer to step with (default: fused Adam with the paper's settings); it is not disposed. */
  readonly optimizer?: tf.Optimizer;
}

/** Result of {@link timeTrainingSteps}. */
export interface StepTiming {
  /** Median wall-clock milliseconds of one training step. */
  readonly medianMs: number;
  /** Every timed step in order. */
  readonly samplesMs: number[];
  readonly rows: number;
  readonly maxLen: number;
}

/**
 * Times full training steps (forward, backward, Adam update, reading the loss) on one batch and
 * returns the median. The model's weights change: time a throw-away copy.
 */
export async function timeTrainingSteps(
  model: tf.LayersModel,
  batch: EncodedSplit,
  options: TimingOptions = {},
): Promise<StepTiming> {
  const steps = options.steps ?? 5;
  const warmup = options.warmup ?? 1;
  if (!Number.isInteger(steps) || steps < 1) {
    throw new Error(`timeTrainingSteps: steps must be an integer >= 1, got ${String(steps)}`);
  }
  if (!Number.isInteger(warmup) || warmup < 0) {
    throw new Error(`timeTrainingSteps: warmup must be an integer >= 0, got ${String(warmup)}`);
  }
  assertValidSplit('batch', batch, outputClasses(model));
  const gathered = gatherRange(batch, 0, batch.shape[0]);
  const optimizer = options.optimizer ?? createAdam({});
  const step = createTrainStep(model, optimizer);
  try {
    for (let i = 0; i < warmup; i++) await step(gathered);
    const samplesMs: number[] = [];
    for (let i = 0; i < steps; i++) {
      const started = performance.now();
      await step(gathered);
      samplesMs.push(performance.now() - started);
    }
    return { medianMs: median(samplesMs), samplesMs, rows: batch.shape[0], maxLen: batch.shape[1] };
  } finally {
    if (options.optimizer === undefined) optimizer.dispose();
  }
}
