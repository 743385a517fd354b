import type * as tf from '@tensorflow/tfjs';
import { adamRunningPowers, setAdamRunningPowers, type AdamRunningPowers } from '@srnn/optimizers';
import { restoreOptimizer, snapshotOptimizer, type TensorSnapshot } from './weight-snapshot';

/** An Adam optimizer's whole state: its tensors (iterations, moments) and running powers. */
export interface OptimizerState {
  readonly tensors: TensorSnapshot[];
  readonly runningPowers: AdamRunningPowers;
}

export async function snapshotAdam(optimizer: tf.Optimizer): Promise<OptimizerState> {
  return {
    tensors: await snapshotOptimizer(optimizer),
    runningPowers: adamRunningPowers(optimizer),
  };
}

/** Restores a snapshot bit for bit: setWeights alone would recompute beta^t with pow. */
export async function restoreAdam(optimizer: tf.Optimizer, state: OptimizerState): Promise<void> {
  await restoreOptimizer(optimizer, state.tensors);
  setAdamRunningPowers(optimizer, state.runningPowers);
}
