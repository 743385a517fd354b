import type { Evaluation } from './evaluate';
import type { EpochAccumulator } from './loop-state';
import type { EpochRecord } from './training-types';

/** The figures of a finished epoch from its sums and its validation. */
export function epochRecord(
  epoch: number,
  steps: number,
  acc: EpochAccumulator,
  validation: Evaluation,
  validationSeconds: number,
): EpochRecord {
  return {
    epoch,
    loss: acc.lossSum / acc.rows,
    trainAccuracy: acc.correct / acc.rows,
    validationAccuracy: validation.accuracy,
    validationLoss: validation.loss,
    validationMacroF1: validation.macroF1,
    seconds: acc.seconds,
    validationSeconds,
    steps,
    tokens: acc.tokens,
    positions: acc.positions,
    tokensPerSecond: acc.tokens / acc.seconds,
    positionsPerSecond: acc.positions / acc.seconds,
  };
}
