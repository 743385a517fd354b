import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { CHECKPOINT_FILE, storedResult } from './checkpoint';
import { evaluateClassifier } from './evaluate';
import type { LoopState } from './loop-state';
import type { TrainingContext } from './training-context';
import type { CompletedTraining, InterruptedTraining } from './training-types';
import { restoreModelWeights } from './weight-snapshot';

/** Checkpoints a run stopped by `reason` before its next step and describes how to resume. */
export async function interruptedOutcome(
  context: TrainingContext,
  state: LoopState,
  reason: string,
): Promise<InterruptedTraining> {
  const { options, settings, stepsPerEpoch } = context;
  await context.checkpointer.write(state, 'in-progress');
  context.progress.stop();
  const epoch = state.epochIndex + 1;
  // Not printed here: the caller says it once, in its own terms (a CLI: "run it again").
  const message =
    `training '${options.name}' interrupted by ${reason} at epoch ${epoch}, step ${state.stepInEpoch}/${stepsPerEpoch}; ` +
    `checkpoint written. Resume with the same output directory (${options.outputDir}).`;
  return {
    status: 'interrupted',
    settings,
    backend: tf.getBackend(),
    outputDir: options.outputDir,
    history: state.history,
    epoch,
    step: state.stepInEpoch,
    globalStep: state.globalStep,
    checkpointPath: join(options.outputDir, CHECKPOINT_FILE),
    message,
  };
}

/**
 * Loads the best weights into the model, tests them when there is a test split, and writes the
 * final checkpoint holding the result.
 */
export async function completedOutcome(
  context: TrainingContext,
  state: LoopState,
  resumed: boolean,
): Promise<CompletedTraining> {
  const { options, model, progress } = context;
  const best = state.best;
  progress.stop();
  if (best === null || state.bestWeights === null) {
    throw new Error('training finished without a single validated epoch');
  }
  restoreModelWeights(model, state.bestWeights);
  const test = options.test;
  if (test) progress.note(`testing the best epoch (${best.epoch}) on ${test.shape[0]} rows`);
  const result: CompletedTraining = {
    status: 'completed',
    settings: context.settings,
    backend: tf.getBackend(),
    outputDir: options.outputDir,
    history: state.history,
    bestEpoch: best.epoch,
    bestValidationAccuracy: best.validationAccuracy,
    bestWeightsPath: join(options.outputDir, best.file),
    test: test
      ? await evaluateClassifier(model, test, { batchSize: context.settings.evaluationBatchSize })
      : null,
    stoppedEarly: state.stoppedEarly,
    resumed,
  };
  await context.checkpointer.write(state, 'completed', storedResult(result));
  return result;
}
