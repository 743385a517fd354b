import { z } from 'zod';
import { SlicingError } from './errors';
import { plan } from './plan';
import { productExceeds, repeat } from './product';
import type { SlicePlan } from './types';
import { integerInRange, numberInRange, parseOrThrow } from './validation';

/** Which uniform plans {@link suggestPlans} considers, and how many it returns. */
export interface SuggestOptions {
  /** Fewest slicing operations k; default 0, which lets the unsliced RNN compete. */
  minDepth?: number;
  /** Most slicing operations k; default: as many as T allows. */
  maxDepth?: number;
  /** Smallest slice number n; default 2. */
  minSlice?: number;
  /** Largest slice number n; default 64 (larger n only lengthen the upper sequences). */
  maxSlice?: number;
  /** Largest front padding as a fraction of T, from 0 (exact fits only) to 1; default 0.1. */
  maxPaddingRatio?: number;
  /** How many plans to return at most; default 10. */
  limit?: number;
}

const optionsSchema = z.strictObject({
  minDepth: integerInRange(0).default(0),
  maxDepth: integerInRange(0).default(Number.MAX_SAFE_INTEGER),
  minSlice: integerInRange(2).default(2),
  maxSlice: integerInRange(2).default(64),
  maxPaddingRatio: numberInRange(0, 1).default(0.1),
  limit: integerInRange(1).default(10),
});

interface Candidate {
  n: number;
  k: number;
  padding: number;
  sequentialDepth: number;
}

/**
 * Lists uniform plans SRNN(n,k) that fit a sequence of `length` T, most useful first: fewest
 * sequential steps (l_0 + k*n), then least padding, then fewest levels (fewer cells to train),
 * then the smaller n. Plans padding more than `maxPaddingRatio` of T are left out; the unsliced
 * RNN (k = 0, T steps) takes part unless `minDepth` is raised, so it comes first only where
 * slicing cannot help (very short T).
 *
 * @example suggestPlans(512, { limit: 3 }).map((p) => p.name) // ['SRNN(4,4)', 'SRNN(2,7)', 'SRNN(2,8)']
 * @throws {SlicingError} with field `length` or `options.<name>` for invalid input.
 */
export function suggestPlans(length: number, options: SuggestOptions = {}): SlicePlan[] {
  parseOrThrow(integerInRange(1), length, 'length');
  const settings = parseOrThrow(optionsSchema, options, 'options');
  if (settings.minDepth > settings.maxDepth) {
    throw new SlicingError(
      'options.maxDepth',
      `options.maxDepth (${settings.maxDepth}) must be >= options.minDepth (${settings.minDepth})`,
    );
  }
  if (settings.minSlice > settings.maxSlice) {
    throw new SlicingError(
      'options.maxSlice',
      `options.maxSlice (${settings.maxSlice}) must be >= options.minSlice (${settings.minSlice})`,
    );
  }
  const candidates: Candidate[] = [];
  if (settings.minDepth === 0) candidates.push({ n: 0, k: 0, padding: 0, sequentialDepth: length });
  // minSlice^k grows with k, so the loop ends by k = 53 at the latest.
  for (let k = Math.max(1, settings.minDepth); k <= settings.maxDepth; k += 1) {
    if (productExceeds(repeat(settings.minSlice, k), length)) break;
    for (let n = settings.minSlice; n <= settings.maxSlice; n += 1) {
      if (productExceeds(repeat(n, k), length)) break;
      const total = Math.pow(n, k);
      const minimalLength = Math.ceil(length / total);
      const padding = minimalLength * total - length;
      if (padding > settings.maxPaddingRatio * length) continue;
      candidates.push({ n, k, padding, sequentialDepth: minimalLength + k * n });
    }
  }
  candidates.sort(
    (a, b) =>
      a.sequentialDepth - b.sequentialDepth || a.padding - b.padding || a.k - b.k || a.n - b.n,
  );
  return candidates
    .slice(0, settings.limit)
    .map(({ n, k }) => plan({ length, slices: k === 0 ? [] : n, depth: k }));
}
