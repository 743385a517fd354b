import { SlicingError, describeValue } from './errors';
import type { SlicePlan } from './types';

/**
 * A cheap check that a value is a plan as {@link plan} builds it (the helpers take plans that may
 * have been stored as JSON or written by hand): the fields they read are present and agree.
 */
export function assertPlan(value: SlicePlan): void {
  const p = value as Partial<SlicePlan> | null | undefined;
  const consistent =
    typeof p === 'object' &&
    p !== null &&
    Array.isArray(p.slices) &&
    Number.isSafeInteger(p.length) &&
    Number.isSafeInteger(p.minimalLength) &&
    (p.minimalLength as number) >= 1 &&
    p.depth === p.slices.length &&
    Array.isArray(p.levels) &&
    p.levels.length === p.depth + 1 &&
    p.paddedLength ===
      p.slices.reduce((total: number, n: number) => total * n, p.minimalLength as number) &&
    p.frontPadding === (p.paddedLength as number) - (p.length as number) &&
    (p.frontPadding as number) >= 0;
  if (!consistent) {
    throw new SlicingError(
      'plan',
      `plan must be a plan made by plan(), with slices, depth, minimalLength, paddedLength and ` +
        `frontPadding that agree, got ${describeValue(value)}`,
    );
  }
}
