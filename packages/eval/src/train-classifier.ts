import * as tf from '@tensorflow/tfjs';
import { createAdam } from './adam';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CHECKPOINT_FILE,
  readCheckpoint,
  readWeightsFile,
  writeBestWeights,
  writeCheckpoint,
  type BestRecord,
  type CheckpointInput,
  type EpochAccumulator,
} from './checkpoint';
import { evaluateClassifier, type Evaluation } from './evaluate';
import { InterruptWatcher } from './interruption';
import { outputClasses } from './model-shape';
import { createProgressReporter } from './progress';
import { SeededRandom, type RandomState } from './random';
import { assertValidSplit, gatherRows } from './splits';
import { createTrainStep } from './train-step';
import { assertSameFingerprint, describeSettings, fingerprintOf } from './run-settings';
import { parseTrainOptions, type TrainOptions } from './train-options';
import type {
  CompletedTraining,
  EpochRecord,
  InterruptedTraining,
  TrainingResult,
} from './training-types';
import {
  restoreModelWeights,
  restoreOptimizer,
  snapshotModelWeights,
  snapshotOptimizer,
  type TensorSnapshot,
} from './weight-snapshot';

/** Mutable loop state; exactly what a checkpoint saves. */
interface LoopState {
  epochIndex: number;
  stepInEpoch: number;
  globalStep: number;
  epochRandomState: RandomState;
  accumulator: EpochAccumulator;
  history: EpochRecord[];
  best: BestRecord | null;
  bestWeights: TensorSnapshot[] | null;
  epochsWithoutImprovement: number;
  stoppedEarly: boolean;
}

const emptyAccumulator = (): EpochAccumulator => ({
  lossSum: 0,
  correct: 0,
  rows: 0,
  tokens: 0,
  positions: 0,
  seconds: 0,
});

/**
 * Trains a classifier on encoded splits with Adam and categorical cross-entropy, validating after
 * every epoch, keeping (and writing) the weights of the best validation accuracy, and evaluating
 * the test split with them at the end. The model is left holding the best weights.
 *
 * Batches: each epoch shuffles the training rows with a {@link SeededRandom} seeded by
 * `options.seed` and cuts them into batches of `batchSize` (the last one may be smaller).
 *
 * Interruption: SIGINT/SIGTERM (or `options.signal`) lets the current step finish, writes a
 * checkpoint to `outputDir` and returns `{ status: 'interrupted', message }` (the message is for
 * the caller to show; it is not printed); calling again with the same `outputDir` resumes from it
 * (weights, Adam moments and step count, epoch and step, PRNG state, history, best so far). A
 * checkpoint is also written after every epoch. Calling again after a completed run returns the
 * stored result and loads the best weights into `model`.
 *
 * Dropout and other random layers draw from TensorFlow.js's own unseeded generator, so only
 * models without them repeat exactly.
 */
export async function trainClassifier(options: TrainOptions): Promise<TrainingResult> {
  const resolved = parseTrainOptions(options);
  const { model, train, validation, test, outputDir } = resolved;
  const classes = outputClasses(model);
  assertValidSplit('train', train, classes);
  assertValidSplit('validation', validation, classes);
  if (test) assertValidSplit('test', test, classes);
  for (const [name, split] of [
    ['validation', validation],
    ['test', test],
  ] as const) {
    if (split && split.shape[1] !== train.shape[1]) {
      throw new Error(
        `${name}.shape[1] (maxLen) is ${split.shape[1]} but train's is ${train.shape[1]}: all splits must be padded to the same length`,
      );
    }
  }
  await mkdir(outputDir, { recursive: true });

  const settings = describeSettings(resolved, model);
  const fingerprint = fingerprintOf(resolved, model);
  const optimizer = createAdam(resolved.adam);
  const evaluationOptions = { batchSize: settings.evaluationBatchSize };
  const progress = createProgressReporter(resolved.progress, {
    name: resolved.name,
    sink: resolved.progressStream ?? process.stderr,
    intervalSeconds: resolved.progressIntervalSeconds,
  });
  const watcher = new InterruptWatcher(resolved.signal, resolved.handleSignals);

  try {
    const saved = resolved.resume ? await readCheckpoint(outputDir) : null;
    let state: LoopState;
    if (saved) {
      assertSameFingerprint(saved.manifest.fingerprint, fingerprint, outputDir);
      restoreModelWeights(model, saved.model);
      const m = saved.manifest;
      const bestWeights = m.best ? await readWeightsFile(join(outputDir, m.best.file)) : null;
      if (m.status === 'completed') {
        // A finished run answers only the same question: more epochs or another patience would
        // be a different experiment, and returning the stored one would hide that.
        const done = (m.result as CompletedTraining).settings;
        if (done.epochs !== settings.epochs || done.patience !== settings.patience) {
          throw new Error(
            `${outputDir} holds a finished run of ${done.epochs} epochs (patience ${String(done.patience)}); ` +
              `this run asks for ${settings.epochs} (patience ${String(settings.patience)}). ` +
              'Use a new outputDir, or resume: false to train again from scratch.',
          );
        }
        if (bestWeights) restoreModelWeights(model, bestWeights);
        return { ...(m.result as CompletedTraining), resumed: true };
      }
      await restoreOptimizer(optimizer, saved.optimizer);
      state = {
        epochIndex: m.epochIndex,
        stepInEpoch: m.stepInEpoch,
        globalStep: m.globalStep,
        epochRandomState: m.epochRandomState,
        accumulator: { ...m.accumulator },
        history: [...m.history],
        best: m.best,
        bestWeights,
        epochsWithoutImprovement: m.epochsWithoutImprovement,
        stoppedEarly: m.stoppedEarly,
      };
      progress.note(`resuming from epoch ${m.epochIndex + 1}, step ${m.stepInEpoch}`);
    } else {
      state = {
        epochIndex: 0,
        stepInEpoch: 0,
        globalStep: 0,
        epochRandomState: new SeededRandom(resolved.seed).state(),
        accumulator: emptyAccumulator(),
        history: [],
        best: null,
        bestWeights: null,
        epochsWithoutImprovement: 0,
        stoppedEarly: false,
      };
    }

    const checkpoint = async (
      status: CheckpointInput['status'],
      result?: unknown,
    ): Promise<void> => {
      const input: CheckpointInput = {
        status,
        fingerprint,
        epochIndex: state.epochIndex,
        stepInEpoch: state.stepInEpoch,
        globalStep: state.globalStep,
        epochRandomState: state.epochRandomState,
        accumulator: state.accumulator,
        history: state.history,
        best: state.best,
        epochsWithoutImprovement: state.epochsWithoutImprovement,
        stoppedEarly: state.stoppedEarly,
        ...(result === undefined ? {} : { result }),
      };
      await writeCheckpoint(
        outputDir,
        input,
        await snapshotModelWeights(model),
        await snapshotOptimizer(optimizer),
      );
    };

    /** Checkpoints and describes an interruption noticed before step `stepInEpoch` of `epoch`. */
    const interrupted = async (
      reason: string,
      epoch: number,
      stepsPerEpoch: number,
    ): Promise<InterruptedTraining> => {
      await checkpoint('in-progress');
      progress.stop();
      const message =
        `training '${resolved.name}' interrupted by ${reason} at epoch ${epoch}, step ${state.stepInEpoch}/${stepsPerEpoch}; ` +
        `checkpoint written. Resume with the same output directory (${outputDir}).`;
      // Not printed here: the caller says it once, in its own terms (a CLI: "run it again").
      return {
        status: 'interrupted',
        settings,
        backend: tf.getBackend(),
        outputDir,
        history: state.history,
        epoch,
        step: state.stepInEpoch,
        globalStep: state.globalStep,
        checkpointPath: join(outputDir, CHECKPOINT_FILE),
        message,
      };
    };

    const step = createTrainStep(model, optimizer);
    const [trainRows, maxLen] = train.shape;
    const stepsPerEpoch = Math.ceil(trainRows / resolved.batchSize);

    while (state.epochIndex < resolved.epochs && !state.stoppedEarly) {
      const epoch = state.epochIndex + 1;
      const random = SeededRandom.fromState(state.epochRandomState);
      const order = random.permutation(trainRows);
      const acc = state.accumulator;
      progress.startEpoch(epoch, resolved.epochs, stepsPerEpoch, state.stepInEpoch);

      while (state.stepInEpoch < stepsPerEpoch) {
        // Yield one event-loop turn: on backends whose data() resolves without I/O (cpu), signal
        // handlers would otherwise not run until the epoch's checkpoint is written.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const reason = watcher.reason();
        // await here: the finally below must not dispose the optimizer before the checkpoint is written.
        if (reason !== null) return await interrupted(reason, epoch, stepsPerEpoch);
        const start = state.stepInEpoch * resolved.batchSize;
        const started = performance.now();
        const batch = gatherRows(
          train,
          order.subarray(start, Math.min(trainRows, start + resolved.batchSize)),
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
        resolved.onStepEnd?.({
          epoch,
          step: state.stepInEpoch,
          stepsPerEpoch,
          globalStep: state.globalStep,
          loss: outcome.loss,
        });
      }
      // A stop requested during the last step is honoured before the validation pass.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const reason = watcher.reason();
      // await here: the finally below must not dispose the optimizer before the checkpoint is written.
      if (reason !== null) return await interrupted(reason, epoch, stepsPerEpoch);

      progress.note(`epoch ${epoch}: validating on ${validation.shape[0]} rows`);
      const validationStarted = performance.now();
      const evaluation = await evaluateClassifier(model, validation, evaluationOptions);
      const record: EpochRecord = {
        epoch,
        loss: acc.lossSum / acc.rows,
        trainAccuracy: acc.correct / acc.rows,
        validationAccuracy: evaluation.accuracy,
        validationLoss: evaluation.loss,
        validationMacroF1: evaluation.macroF1,
        seconds: acc.seconds,
        validationSeconds: (performance.now() - validationStarted) / 1000,
        steps: stepsPerEpoch,
        tokens: acc.tokens,
        positions: acc.positions,
        tokensPerSecond: acc.tokens / acc.seconds,
        positionsPerSecond: acc.positions / acc.seconds,
      };
      state.history.push(record);
      progress.endEpoch(record, resolved.epochs);

      // Strictly greater: on a tie the earlier epoch stays best, as Keras's ModelCheckpoint does.
      if (state.best === null || record.validationAccuracy > state.best.validationAccuracy) {
        state.bestWeights = await snapshotModelWeights(model);
        const file = await writeBestWeights(outputDir, epoch, state.bestWeights);
        state.best = { epoch, validationAccuracy: record.validationAccuracy, file };
        state.epochsWithoutImprovement = 0;
      } else {
        state.epochsWithoutImprovement++;
      }
      if (resolved.patience !== undefined && state.epochsWithoutImprovement >= resolved.patience) {
        state.stoppedEarly = true;
        progress.note(`early stop: no validation improvement for ${resolved.patience} epoch(s)`);
      }
      state.epochIndex++;
      state.stepInEpoch = 0;
      state.epochRandomState = random.state();
      state.accumulator = emptyAccumulator();
      await checkpoint('in-progress');
    }
    progress.stop();

    const best = state.best;
    if (best === null || state.bestWeights === null) {
      throw new Error('training finished without a single validated epoch');
    }
    restoreModelWeights(model, state.bestWeights);
    if (test) progress.note(`testing the best epoch (${best.epoch}) on ${test.shape[0]} rows`);
    const testEvaluation: Evaluation | null = test
      ? await evaluateClassifier(model, test, evaluationOptions)
      : null;
    const result: CompletedTraining = {
      status: 'completed',
      settings,
      backend: tf.getBackend(),
      outputDir,
      history: state.history,
      bestEpoch: best.epoch,
      bestValidationAccuracy: best.validationAccuracy,
      bestWeightsPath: join(outputDir, best.file),
      test: testEvaluation,
      stoppedEarly: state.stoppedEarly,
      resumed: saved !== null,
    };
    await checkpoint('completed', result);
    return result;
  } finally {
    watcher.dispose();
    progress.stop();
    optimizer.dispose();
  }
}
