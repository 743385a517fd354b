import type * as tf from '@tensorflow/tfjs';
import { writeCheckpoint, type CheckpointManifest, type StoredResult } from './checkpoint';
import type { LoopState } from './loop-state';
import { liveAdamState } from './optimizer-state';
import { currentThreadLayout } from './thread-layout';
import type { TrainingFingerprint } from './training-types';
import { liveModelWeights } from './weight-snapshot';

/**
 * Writes the checkpoints of one run: after every epoch, when the run stops, and within an epoch
 * whenever `everyMinutes` have passed since the last one, so a killed process loses at most that.
 */
export class Checkpointer {
  private lastWrite = performance.now();

  constructor(
    private readonly directory: string,
    private readonly fingerprint: TrainingFingerprint,
    private readonly model: tf.LayersModel,
    private readonly optimizer: tf.Optimizer,
    private readonly everyMinutes: number,
    /** Number of the next checkpoint (one more than the one resumed from). */
    private sequence = 0,
  ) {}

  /** The number the next checkpoint will have. */
  get nextNumber(): number {
    return this.sequence;
  }

  /** Numbers the next checkpoint after `sequence` (the last one resumed from or found). */
  continueAfter(sequence: number): void {
    this.sequence = Math.max(this.sequence, sequence + 1);
  }

  /** Writes a checkpoint when `everyMinutes` have passed since the last; says whether it did. */
  async writeIfDue(state: LoopState): Promise<boolean> {
    if (performance.now() - this.lastWrite < this.everyMinutes * 60_000) return false;
    await this.write(state, 'in-progress');
    return true;
  }

  async write(
    state: LoopState,
    status: CheckpointManifest['status'],
    result?: StoredResult,
  ): Promise<void> {
    // Straight from the live variables, tensor by tensor: no copy of the whole state at once.
    const optimizer = await liveAdamState(this.optimizer);
    try {
      await writeCheckpoint(
        this.directory,
        {
          status,
          sequence: this.sequence,
          fingerprint: this.fingerprint,
          epochIndex: state.epochIndex,
          stepInEpoch: state.stepInEpoch,
          globalStep: state.globalStep,
          epochRandomState: state.epochRandomState,
          accumulator: state.accumulator,
          history: state.history,
          best: state.best,
          epochsWithoutImprovement: state.epochsWithoutImprovement,
          stoppedEarly: state.stoppedEarly,
          optimizer: { runningPowers: optimizer.runningPowers },
          layout: currentThreadLayout(),
          ...(result === undefined ? {} : { result }),
        },
        liveModelWeights(this.model),
        optimizer.tensors,
      );
    } finally {
      optimizer.dispose();
    }
    this.sequence += 1;
    this.lastWrite = performance.now();
  }
}
