import { z } from 'zod';
import { SlicingError, describeValue, formatCount } from './errors';
import { integerRoot, product, productExceeds, repeat } from './product';
import { formatSpec } from './spec';
import type { SliceLevel, SlicePlan, SlicePlanInput } from './types';
import { integerInRange, parseOrThrow, sliceListSchema, sliceNumberSchema } from './validation';


const inputSchema = z.strictObject(
  {
    length: integerInRange(1),
    // Checked after the object, since its rules depend on whether it is a number or a list.
    slices: z.custom<unknown>((value) => value !== undefined, {
      error: 'is required: a slice number n (with depth k) or a bottom-up list [n_1, ..., n_k]',
    }),
    depth: integerInRange(0).optional(),
  },
  {
    error: (issue) =>
      `must be an object { length, slices, depth? }, got ${describeValue(issue.input)}`,
  },
);

/**
 * Plans how a sequence of `length` T is sliced: l_0, s_p, l_p, the padded length and the
 * sequential depth. Uniform SRNN(n,k) is `{ length, slices: n, depth: k }`; a per-level plan is
 * `{ length, slices: [n_1, ..., n_k] }` (bottom-up). When product(n) does not divide T, the row is
 * padded at the front to l_0 * product(n) with l_0 = ceil(T / product(n)).
 *
 * @example plan({ length: 512, slices: 8, depth: 2 }).minimalLength // 8 (SRNN(8,2), depth 24)
 * @example plan({ length: 500, slices: [8, 8] }).frontPadding // 12 (padded to 512)
 * @throws {SlicingError} naming the field and its valid range: a non-integer or out-of-range
 * `length`, `slices[i]` or `depth`; a missing `depth` for a number `slices`; a product of slices
 * above T (l_0 would be 0); a padded length beyond Number.MAX_SAFE_INTEGER.
 */
export function plan(input: SlicePlanInput): SlicePlan {
  const { length, slices: rawSlices, depth } = parseOrThrow(inputSchema, input, '');
  const slices = resolveSlices(length, rawSlices, depth);
  const total = product(slices);
  const minimalLength = Math.ceil(length / total);
  const paddedLength = minimalLength * total;
  if (!Number.isSafeInteger(paddedLength)) {
    throw new SlicingError(
      'length',
      `length (${length}) padded to a multiple of ${total} would be ${formatCount(paddedLength)}, ` +
        `beyond the largest safe integer (${Number.MAX_SAFE_INTEGER}); use slices whose product ` +
        'divides it, or a smaller length',
    );
  }
  const levels: SliceLevel[] = [];
  // s_p = n_{p+1} * ... * n_k, built from the top (s_k = 1) down.
  let count = 1;
  for (let p = slices.length; p >= 1; p -= 1) {
    levels.push({ level: p, count, length: slices[p - 1] as number });
    count *= slices[p - 1] as number;
  }
  levels.push({ level: 0, count, length: minimalLength });
  levels.reverse();
  return {
    length,
    paddedLength,
    frontPadding: paddedLength - length,
    slices,
    depth: slices.length,
    minimalLength,
    levels,
    sequentialDepth: slices.reduce((sum, n) => sum + n, minimalLength),
    name: formatSpec(slices),
  };
}

/** Turns the validated `slices`/`depth` pair into the bottom-up list, checking it fits in T. */
function resolveSlices(length: number, rawSlices: unknown, depth: number | undefined): number[] {
  if (Array.isArray(rawSlices)) {
    const slices = parseOrThrow(sliceListSchema, rawSlices, 'slices');
    if (depth !== undefined && depth !== slices.length) {
      throw new SlicingError(
        'depth',
        `depth (${depth}) must equal the number of slices (${slices.length}) when slices is a ` +
          'list, or be left out',
      );
    }
    if (productExceeds(slices, length)) throw tooLong(length, product(slices), slices.length);
    return [...slices];
  }
  if (typeof rawSlices !== 'number') {
    throw new SlicingError(
      'slices',
      `slices must be an integer >= 2 or a bottom-up list of them, got ${describeValue(rawSlices)}` +
        (typeof rawSlices === 'string' ? ' (turn a name into a list with parseSpec first)' : ''),
    );
  }
  const n = parseOrThrow(sliceNumberSchema, rawSlices, 'slices');
  if (depth === undefined) {
    throw new SlicingError(
      'depth',
      `depth is required when slices is a number, e.g. { slices: ${n}, depth: 2 } for SRNN(${n},2)`,
    );
  }
  if (productExceeds(repeat(n, depth), length)) throw tooLong(length, Math.pow(n, depth), depth);
  return Array.from(repeat(n, depth));
}

/** The error for a product of slices above T, with a plan that would fit as the example. */
function tooLong(length: number, total: number, depth: number): SlicingError {
  return new SlicingError(
    'slices',
    `product of slices (${formatCount(total)}) exceeds length (${length}): l_0 would be 0; ` +
      `use fewer or smaller slices, e.g. ${fittingExample(length, depth)}`,
  );
}

/** The uniform plan with the most levels (up to `depth`) and the largest n that fits T. */
function fittingExample(length: number, depth: number): string {
  if (length < 2) return 'no slicing (slices: [])';
  let levels = 0;
  while (levels < depth && !productExceeds(repeat(2, levels + 1), length)) levels += 1;
  return formatSpec(Array.from(repeat(integerRoot(length, levels), levels)));
}
