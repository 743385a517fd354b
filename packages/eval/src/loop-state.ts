import { SeededRandom, type RandomState } from '@srnn/random';
import type { EpochRecord } from './training-types';
import type { TensorSnapshot } from './weight-snapshot';

/** Sums over the steps of the epoch in progress, so that a resumed epoch reports whole figures. */
export interface EpochAccumulator {
  lossSum: number;
  correct: number;
  rows: number;
  tokens: number;
  positions: number;
  seconds: number;
}

/** The best validation result so far and the file holding its weights. */
export interface BestRecord {
  readonly epoch: number;
  readonly validationAccuracy: number;
  /** Weights file name inside the output folder (its manifest is the same name + '.json'). */
  readonly file: string;
}

/** Mutable state of the training loop: what a checkpoint saves besides the tensors. */
export interface LoopState {
  /** 0-based index of the epoch in progress (equals the number of finished epochs). */
  epochIndex: number;
  /** Steps already taken in that epoch. */
  stepInEpoch: number;
  globalStep: number;
  /** PRNG state before this epoch's shuffle: the epoch's batch order is regenerated from it. */
  epochRandomState: RandomState;
  accumulator: EpochAccumulator;
  history: EpochRecord[];
  best: BestRecord | null;
  bestWeights: TensorSnapshot[] | null;
  epochsWithoutImprovement: number;
  stoppedEarly: boolean;
}

export const emptyAccumulator = (): EpochAccumulator => ({
  lossSum: 0,
  correct: 0,
  rows: 0,
  tokens: 0,
  positions: 0,
  seconds: 0,
});

/** The state of a run that has not taken a step yet. */
export function freshLoopState(seed: number): LoopState {
  return {
    epochIndex: 0,
    stepInEpoch: 0,
    globalStep: 0,
    epochRandomState: new SeededRandom(seed).state(),
    accumulator: emptyAccumulator(),
    history: [],
    best: null,
    bestWeights: null,
    epochsWithoutImprovement: 0,
    stoppedEarly: false,
  };
}
