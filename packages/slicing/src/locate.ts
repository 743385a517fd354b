import { assertPlan } from './plan-guard';
import type { SlicePlan, TokenLocation } from './types';
import { integerInRange, parseOrThrow } from './validation';

/**
 * Finds where input token `position` (0-based, before padding) lands: its index in the padded
 * row, its multi-index in the row reshaped to [n_k, ..., n_1, l_0] (top-down, ending with the
 * offset in its minimal subsequence), and the sequence holding it at every level.
 *
 * @example
 * // T = 8, SRNN(2,2): token 5 is step 1 of minimal subsequence 2 (positions 4..5),
 * // which is item 0 of level-1 sequence 1, which is step 1 of the top sequence.
 * locateToken(plan({ length: 8, slices: 2, depth: 2 }), 5)
 * // { position: 5, paddedPosition: 5, path: [1, 0, 1], sequenceIndices: [2, 1, 0] }
 * @throws {SlicingError} with field `position` unless 0 <= position < plan.length, or `plan`
 * for a value that is not a consistent plan.
 */
export function locateToken(p: SlicePlan, position: number): TokenLocation {
  assertPlan(p);
  parseOrThrow(integerInRange(0, p.length - 1), position, 'position');
  const paddedPosition = position + p.frontPadding;
  const offset = paddedPosition % p.minimalLength;
  let index = Math.floor(paddedPosition / p.minimalLength);
  const sequenceIndices = [index];
  const stepsBottomUp = [offset];
  // A level-p sequence i holds level-(p-1) items i*n_p .. i*n_p + n_p - 1.
  for (const n of p.slices) {
    stepsBottomUp.push(index % n);
    index = Math.floor(index / n);
    sequenceIndices.push(index);
  }
  return { position, paddedPosition, path: stepsBottomUp.reverse(), sequenceIndices };
}
