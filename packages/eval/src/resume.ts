import { join } from 'node:path';
import { readWeightsFile } from './best-weights';
import {
  highestFileNumber,
  readCheckpoint,
  removeStaleTemporaries,
  resultIn,
  type LoadedCheckpoint,
} from './checkpoint';
import { freshLoopState, type LoopState } from './loop-state';
import { restoreAdam } from './optimizer-state';
import { assertSameFingerprint } from './run-settings';
import { restoreThreadLayout } from './thread-layout';
import type { TrainingContext } from './training-context';
import type { CompletedTraining, TrainingFingerprint } from './training-types';
import { restoreModelWeights } from './weight-snapshot';

/** How a run begins: from scratch, from a checkpoint, or already finished. */
export type Opening =
  | { readonly kind: 'finished'; readonly result: CompletedTraining }
  | { readonly kind: 'ready'; readonly state: LoopState; readonly resumed: boolean };

/** Settings the first release did not record had their defaults then (no clipping, no schedule). */
function withDefaults(saved: TrainingFingerprint): TrainingFingerprint {
  const defaults = { gradientClipNorm: null, learningRateSchedule: { kind: 'constant' } } as const;
  return { ...defaults, ...saved };
}

/**
 * Reads the checkpoint in the output folder (unless `resume` is false) and brings the model, the
 * optimizer and the thread layout back to it, or returns the finished run it holds.
 */
export async function openRun(
  context: TrainingContext,
  fingerprint: TrainingFingerprint,
): Promise<Opening> {
  const { options, progress } = context;
  const directory = options.outputDir;
  await removeStaleTemporaries(directory);
  context.checkpointer.continueAfter(await highestFileNumber(directory));
  const saved = options.resume ? await readCheckpoint(directory) : null;
  if (saved === null) return { kind: 'ready', state: freshLoopState(options.seed), resumed: false };
  assertSameFingerprint(
    withDefaults(saved.kind === 'completed' ? saved.fingerprint : saved.manifest.fingerprint),
    fingerprint,
    directory,
  );
  if (saved.kind === 'completed')
    return { kind: 'finished', result: await finished(context, saved) };

  const m = saved.manifest;
  restoreModelWeights(context.model, saved.model);
  await restoreAdam(context.optimizer, {
    tensors: saved.optimizer,
    runningPowers: m.optimizer.runningPowers,
  });
  for (const note of restoreThreadLayout(m.layout)) progress.note(note);
  context.checkpointer.continueAfter(m.sequence);
  const bestWeights = m.best ? await readWeightsFile(join(directory, m.best.file)) : null;
  progress.note(`resuming from epoch ${m.epochIndex + 1}, step ${m.stepInEpoch}`);
  return {
    kind: 'ready',
    resumed: true,
    state: {
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
    },
  };
}

/** A finished run answers only the same question; its best weights go into the model. */
async function finished(
  context: TrainingContext,
  saved: Extract<LoadedCheckpoint, { kind: 'completed' }>,
): Promise<CompletedTraining> {
  const directory = context.options.outputDir;
  const done = saved.result.settings;
  const asked = context.settings;
  // More epochs or another patience would be a different experiment; returning the stored one
  // would hide that.
  if (done.epochs !== asked.epochs || done.patience !== asked.patience) {
    throw new Error(
      `${directory} holds a finished run of ${done.epochs} epochs (patience ${String(done.patience)}); ` +
        `this run asks for ${asked.epochs} (patience ${String(asked.patience)}). ` +
        'Use a new outputDir, or resume: false to train again from scratch.',
    );
  }
  restoreModelWeights(context.model, await readWeightsFile(join(directory, saved.best.file)));
  if (saved.version === 1) {
    context.progress.note(
      `${directory} holds a finished run written by an earlier version; returning it`,
    );
  }
  return { ...resultIn(directory, saved.result, saved.best), resumed: true };
}
