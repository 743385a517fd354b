import fc from 'fast-check';
import { SlicingError, plan, suggestPlans } from '@srnn/slicing';
import type { SlicePlan } from '@srnn/slicing';
import { slicingErrorOf } from './helpers';

describe('suggestPlans', () => {
  it('T = 512: the three 18-step plans first, fewest levels first', () => {
    // SRNN(4,4): 2 + 16; SRNN(2,7): 4 + 14; SRNN(2,8): 2 + 16; then SRNN(2,9): 1 + 18.
    expect(suggestPlans(512, { limit: 4 }).map((p) => p.name)).toEqual([
      'SRNN(4,4)',
      'SRNN(2,7)',
      'SRNN(2,8)',
      'SRNN(2,9)',
    ]);
  });

  it('T = 500 with exact fits only: SRNN(5,3), SRNN(10,2), SRNN(5,2)', () => {
    // 125 | 500: 4 + 15 = 19; 100 | 500: 5 + 20 = 25; 25 | 500: 20 + 10 = 30.
    const plans = suggestPlans(500, { maxPaddingRatio: 0, limit: 3 });
    expect(plans.map((p) => p.name)).toEqual(['SRNN(5,3)', 'SRNN(10,2)', 'SRNN(5,2)']);
    expect(plans.every((p) => p.frontPadding === 0)).toBe(true);
  });

  it('returns whole plans, as plan() makes them', () => {
    const [best] = suggestPlans(512, { minDepth: 2, maxDepth: 2, minSlice: 8, maxSlice: 8 });
    expect(best).toEqual(plan({ length: 512, slices: 8, depth: 2 }));
  });

  it('keeps the unsliced RNN where slicing cannot help, and drops it on request', () => {
    // T = 3: SRNN(2,1) pads 1 of 3 (over 10%), SRNN(3,1) takes 1 + 3 = 4 steps.
    expect(suggestPlans(3).map((p) => p.name)).toEqual(['SRNN[]', 'SRNN(3,1)']);
    expect(suggestPlans(1).map((p) => p.name)).toEqual(['SRNN[]']);
    expect(suggestPlans(1, { minDepth: 1 })).toEqual([]);
  });

  it('matches a brute-force search over plan() for any T and options', () => {
    const options = fc.record(
      {
        minDepth: fc.integer({ min: 0, max: 3 }),
        maxDepth: fc.integer({ min: 3, max: 12 }),
        minSlice: fc.integer({ min: 2, max: 4 }),
        maxSlice: fc.integer({ min: 4, max: 40 }),
        maxPaddingRatio: fc.double({ min: 0, max: 1, noNaN: true }),
        limit: fc.integer({ min: 1, max: 30 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), options, (length, chosen) => {
        expect(suggestPlans(length, chosen)).toEqual(bruteForce(length, chosen));
      }),
      { numRuns: 60 },
    );
  });

  it('names the bad option and its valid range', () => {
    const cases: [unknown, string, string][] = [
      [{ limit: 0 }, 'options.limit', 'options.limit: must be an integer >= 1, got 0'],
      [
        { maxPaddingRatio: 2 },
        'options.maxPaddingRatio',
        'options.maxPaddingRatio: must be a number from 0 to 1, got 2',
      ],
      [{ minSlice: 1 }, 'options.minSlice', 'options.minSlice: must be an integer >= 2, got 1'],
      [
        { minSlice: 9, maxSlice: 3 },
        'options.maxSlice',
        'options.maxSlice (3) must be >= options.minSlice (9)',
      ],
      [
        { minDepth: 4, maxDepth: 2 },
        'options.maxDepth',
        'options.maxDepth (2) must be >= options.minDepth (4)',
      ],
      [
        { limt: 3 },
        'options',
        "options: unknown field 'limt'; valid fields: minDepth, maxDepth, minSlice, maxSlice, maxPaddingRatio, limit",
      ],
    ];
    for (const [options, field, message] of cases) {
      const error = slicingErrorOf(() => suggestPlans(512, options as never));
      expect([error.field, error.message]).toEqual([field, message]);
    }
    expect(slicingErrorOf(() => suggestPlans(0)).message).toBe(
      'length: must be an integer >= 1, got 0',
    );
  });
});

/**
 * The documented ranking, computed the slow way: try every (n, k) in range with plan(), keep the
 * ones it accepts within the padding limit, sort, cut.
 */
function bruteForce(
  length: number,
  options: {
    minDepth?: number;
    maxDepth?: number;
    minSlice?: number;
    maxSlice?: number;
    maxPaddingRatio?: number;
    limit?: number;
  },
): SlicePlan[] {
  const {
    minDepth = 0,
    maxDepth = Number.MAX_SAFE_INTEGER,
    minSlice = 2,
    maxSlice = 64,
    maxPaddingRatio = 0.1,
    limit = 10,
  } = options;
  const found: SlicePlan[] = [];
  if (minDepth === 0) found.push(plan({ length, slices: [] }));
  // 2^12 > 3000, so k <= 12 covers every T tried here.
  for (let k = Math.max(1, minDepth); k <= Math.min(maxDepth, 12); k += 1) {
    for (let n = minSlice; n <= maxSlice; n += 1) {
      try {
        const p = plan({ length, slices: n, depth: k });
        if (p.frontPadding <= maxPaddingRatio * length) found.push(p);
      } catch (error) {
        if (!(error instanceof SlicingError)) throw error;
      }
    }
  }
  found.sort(
    (a, b) =>
      a.sequentialDepth - b.sequentialDepth ||
      a.frontPadding - b.frontPadding ||
      a.depth - b.depth ||
      (a.slices[0] ?? 0) - (b.slices[0] ?? 0),
  );
  return found.slice(0, limit);
}
