import type { RandomState } from '@srnn/random';
import { writeBestWeights } from './best-weights';
import { epochRecord } from './epoch-record';
import { evaluateClassifier } from './evaluate';
import { emptyAccumulator, type LoopState } from './loop-state';
import type { TrainingContext } from './training-context';
import { snapshotModelWeights } from './weight-snapshot';

/**
 * Validates after an epoch's last step, records the epoch, keeps the best weights (written to
 * their own file), applies early stopping, moves the state to the next epoch and checkpoints.
 * `nextRandomState` is the batching generator's state after this epoch's shuffle.
 */
export async function finishEpoch(
  context: TrainingContext,
  state: LoopState,
  nextRandomState: RandomState,
): Promise<void> {
  const { options, model, progress, settings, stepsPerEpoch } = context;
  const epoch = state.epochIndex + 1;
  const validation = options.validation;
  progress.note(`epoch ${epoch}: validating on ${validation.shape[0]} rows`);
  const started = performance.now();
  const evaluation = await evaluateClassifier(model, validation, {
    batchSize: settings.evaluationBatchSize,
  });
  const seconds = (performance.now() - started) / 1000;
  const record = epochRecord(epoch, stepsPerEpoch, state.accumulator, evaluation, seconds);
  state.history.push(record);
  progress.endEpoch(record, options.epochs);

  // Strictly greater: on a tie the earlier epoch stays best, as Keras's ModelCheckpoint does.
  if (state.best === null || record.validationAccuracy > state.best.validationAccuracy) {
    state.bestWeights = await snapshotModelWeights(model);
    const number = context.checkpointer.nextNumber;
    const file = await writeBestWeights(options.outputDir, epoch, number, state.bestWeights);
    state.best = { epoch, validationAccuracy: record.validationAccuracy, file };
    state.epochsWithoutImprovement = 0;
  } else {
    state.epochsWithoutImprovement++;
  }
  if (options.patience !== undefined && state.epochsWithoutImprovement >= options.patience) {
    state.stoppedEarly = true;
    progress.note(`early stop: no validation improvement for ${options.patience} epoch(s)`);
  }
  state.epochIndex++;
  state.stepInEpoch = 0;
  state.epochRandomState = nextRandomState;
  state.accumulator = emptyAccumulator();
  await context.checkpointer.write(state, 'in-progress');
}
