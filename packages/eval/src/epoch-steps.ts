import { setAdamLearningRate } from '@srnn/optimizers';
import { learningRateAt } from './learning-rate-schedule';
import type { LoopState } from './loop-state';
import { gatherRows } from './splits';
import type { TrainingContext } from './training-context';

/**
 * Yields one event-loop turn: on backends whose data() resolves without I/O (cpu), signal handlers
 * would otherwise not run until the epoch's checkpoint is written.
 */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The learning rate of the next update (the base rate unless a schedule is set). */
function learningRateOfNextStep(context: TrainingContext, state: LoopState): number {
  const { options, stepsPerEpoch } = context;
  return learningRateAt(options.learningRateSchedule, options.adam.learningRate, {
    step: state.globalStep,
    epochIndex: state.epochIndex,
    totalSteps: options.epochs * stepsPerEpoch,
  });
}

/**
 * Takes the remaining steps of the epoch in progress over the rows in `order`, checkpointing
 * whenever one is due. Returns why it stopped before the epoch's validation (a signal), or null.
 */
export async function runEpochSteps(
  context: TrainingContext,
  state: LoopState,
  order: Int32Array,
): Promise<string | null> {
  const { options, step, progress, watcher, checkpointer, stepsPerEpoch } = context;
  const [trainRows, maxLen] = options.train.shape;
  const scheduled = options.learningRateSchedule.kind !== 'constant';
  const acc = state.accumulator;
  while (state.stepInEpoch < stepsPerEpoch) {
    await nextTurn();
    const reason = watcher.reason();
    if (reason !== null) return reason;
    const learningRate = learningRateOfNextStep(context, state);
    // A constant rate is never set again, so a run without a schedule steps as it always did.
    if (scheduled) setAdamLearningRate(context.optimizer, learningRate);
    const start = state.stepInEpoch * options.batchSize;
    const started = performance.now();
    const batch = gatherRows(
      options.train,
      order.subarray(start, Math.min(trainRows, start + options.batchSize)),
    );
    const outcome = await step(batch);
    acc.seconds += (performance.now() - started) / 1000;
    acc.lossSum += outcome.loss * batch.rows;
    acc.correct += outcome.correct;
    acc.rows += batch.rows;
    acc.tokens += batch.nonPaddingTokens;
    acc.positions += batch.rows * maxLen;
    state.stepInEpoch++;
    state.globalStep++;
    progress.update({
      step: state.stepInEpoch,
      loss: acc.lossSum / acc.rows,
      tokensPerSecond: acc.tokens / acc.seconds,
      seconds: acc.seconds,
    });
    await checkpointer.writeIfDue(state);
    options.onStepEnd?.({
      epoch: state.epochIndex + 1,
      step: state.stepInEpoch,
      stepsPerEpoch,
      globalStep: state.globalStep,
      loss: outcome.loss,
      learningRate,
      ...(outcome.gradientNorm === undefined ? {} : { gradientNorm: outcome.gradientNorm }),
    });
  }
  // A stop requested during the last step is honoured before the validation pass.
  await nextTurn();
  return watcher.reason();
}
