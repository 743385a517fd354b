import type * as tf from '@tensorflow/tfjs';
import { createAdam } from './adam';
import { outputClasses } from './model-shape';
import { assertValidSplit, gatherRange, type EncodedSplit } from './splits';
import { parseTiming, timeSteps, type StepTimes, type TimeStepsOptions } from './time-steps';
import { createTrainStep } from './train-step';

/** Options of {@link timeTrainingSteps}: how to time ({@link TimeStepsOptions}) and what to step with. */
export type TimingOptions = TimeStepsOptions & {
  /** Optimizer to step with (default: fused Adam with the paper's settings); it is not disposed. */
  readonly optimizer?: tf.Optimizer;
};

/** Result of {@link timeTrainingSteps}. */
export interface StepTiming extends StepTimes {
  readonly rows: number;
  readonly maxLen: number;
}

/**
 * Times full training steps (forward, backward, update, reading the loss: the step training runs)
 * on one batch with {@link timeSteps}. The model's weights change: time a throw-away copy.
 */
export async function timeTrainingSteps(
  model: tf.LayersModel,
  batch: EncodedSplit,
  options: TimingOptions = {},
): Promise<StepTiming> {
  const { optimizer: given, afterRound, ...timing } = options;
  parseTiming(timing, 'timeTrainingSteps'); // refuse bad counts before building anything
  assertValidSplit('batch', batch, outputClasses(model));
  const gathered = gatherRange(batch, 0, batch.shape[0]);
  const optimizer = given ?? createAdam({});
  const step = createTrainStep(model, optimizer);
  try {
    const times = await timeSteps(() => step(gathered), {
      ...timing,
      ...(afterRound ? { afterRound } : {}),
    });
    return { ...times, rows: batch.shape[0], maxLen: batch.shape[1] };
  } finally {
    if (given === undefined) optimizer.dispose();
  }
}
