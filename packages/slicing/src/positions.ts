import { SlicingError } from './errors';
import { assertPlan } from './plan-guard';
import type { SlicePlan } from './types';

const INT32_MAX = 2 ** 31 - 1;

/**
 * The input position held at every step of every minimal subsequence, laid out as the model's
 * [s_0, l_0] reshape: entry j * l_0 + t is the 0-based input position at step t of minimal
 * subsequence j, or -1 where that step is front padding. Useful to build reference inputs, e.g.
 * `positions.map((i) => (i < 0 ? 0 : tokens[i]))`.
 *
 * @throws {SlicingError} with field `plan` when the padded length does not fit an Int32Array.
 */
export function minimalSubsequencePositions(p: SlicePlan): Int32Array {
  assertPlan(p);
  if (p.paddedLength > INT32_MAX) {
    throw new SlicingError(
      'plan',
      `plan.paddedLength (${p.paddedLength}) must be at most ${INT32_MAX} to list positions ` +
        'in an Int32Array',
    );
  }
  const positions = new Int32Array(p.paddedLength);
  // Minimal subsequence j covers padded positions j*l_0 .. j*l_0 + l_0 - 1, so the [s_0, l_0]
  // layout is the padded row itself; only the first frontPadding steps hold no token.
  for (let padded = 0; padded < p.paddedLength; padded += 1) {
    positions[padded] = padded - p.frontPadding;
  }
  positions.fill(-1, 0, p.frontPadding);
  return positions;
}
