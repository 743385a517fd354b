import { mkdir } from 'node:fs/promises';
import { SeededRandom } from '@srnn/random';
import { createAdam } from './adam';
import { Checkpointer } from './checkpointer';
import { finishEpoch } from './epoch-end';
import { runEpochSteps } from './epoch-steps';
import { InterruptWatcher } from './interruption';
import { outputClasses } from './model-shape';
import { createProgressReporter } from './progress';
import { openRun } from './resume';
import { describeSettings, fingerprintOf } from './run-settings';
import { assertTrainingSplits } from './splits';
import { createTrainStep } from './train-step';
import { parseTrainOptions, type TrainOptions } from './train-options';
import type { TrainingContext } from './training-context';
import { completedOutcome, interruptedOutcome } from './training-outcome';
import type { TrainingResult } from './training-types';

/**
 * Trains a classifier on encoded splits with Adam and categorical cross-entropy, validating after
 * every epoch, keeping (and writing) the weights of the best validation accuracy, and evaluating
 * the test split with them at the end. The model is left holding the best weights.
 *
 * Batches: each epoch shuffles the training rows with a SeededRandom (@srnn/random) seeded by
 * `options.seed` and cuts them into batches of `batchSize` (the last one may be smaller).
 *
 * Checkpoints: after every epoch, every `checkpointEveryMinutes` within an epoch, and when
 * SIGINT/SIGTERM (or `options.signal`) stops the run after the current step, which then returns
 * `{ status: 'interrupted', message }` (the message is for the caller to show). Calling again with
 * the same `outputDir`, even moved elsewhere, resumes from the last checkpoint bit for bit: weights,
 * Adam's moments, step count and running powers, epoch and step, PRNG state, history, best so far,
 * and the thread count of large products. Calling again after a completed run returns the stored
 * result and loads the best weights into `model`.
 *
 * Dropout and other random layers draw from TensorFlow.js's own unseeded generator, so only
 * models without them repeat exactly.
 */
export async function trainClassifier(options: TrainOptions): Promise<TrainingResult> {
  const resolved = parseTrainOptions(options);
  const { model, outputDir } = resolved;
  assertTrainingSplits(resolved, outputClasses(model));
  await mkdir(outputDir, { recursive: true });

  const optimizer = createAdam(resolved.adam);
  const fingerprint = fingerprintOf(resolved, model);
  const context: TrainingContext = {
    options: resolved,
    model,
    optimizer,
    step: createTrainStep(model, optimizer, {
      ...(resolved.gradientClipNorm === undefined
        ? {}
        : { gradientClipNorm: resolved.gradientClipNorm }),
    }),
    settings: describeSettings(resolved, model),
    progress: createProgressReporter(resolved.progress, {
      name: resolved.name,
      sink: resolved.progressStream ?? process.stderr,
      intervalSeconds: resolved.progressIntervalSeconds,
    }),
    watcher: new InterruptWatcher(resolved.signal, resolved.handleSignals),
    checkpointer: new Checkpointer(
      outputDir,
      fingerprint,
      model,
      optimizer,
      resolved.checkpointEveryMinutes,
    ),
    stepsPerEpoch: Math.ceil(resolved.train.shape[0] / resolved.batchSize),
  };
  try {
    const opening = await openRun(context, fingerprint);
    if (opening.kind === 'finished') return opening.result;
    const { state } = opening;
    while (state.epochIndex < resolved.epochs && !state.stoppedEarly) {
      const random = SeededRandom.fromState(state.epochRandomState);
      const order = random.permutation(resolved.train.shape[0]);
      const { progress, stepsPerEpoch } = context;
      progress.startEpoch(state.epochIndex + 1, resolved.epochs, stepsPerEpoch, state.stepInEpoch);
      const stopped = await runEpochSteps(context, state, order);
      // await here: the finally below must not dispose the optimizer before the checkpoint is written.
      if (stopped !== null) return await interruptedOutcome(context, state, stopped);
      await finishEpoch(context, state, random.state());
    }
    return await completedOutcome(context, state, opening.resumed);
  } finally {
    context.watcher.dispose();
    context.progress.stop();
    optimizer.dispose();
  }
}
