import { SlicingError, describeValue, formatCount } from './errors';
import { product, productExceeds, repeat } from './product';
import { parseOrThrow, sliceListSchema } from './validation';

// SRNN(n,k): uniform slicing. SRNN[n_1,...,n_k]: one slice number per level, bottom-up. A `Bi`
// prefix (BiSRNN(8,2)) runs every level in both directions. Case and whitespace are free; numbers
// are plain decimal digits.
const UNIFORM = /^\s*(bi)?srnn\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*$/i;
const PER_LEVEL = /^\s*(bi)?srnn\s*\[\s*(\d+(?:\s*,\s*\d+)*)?\s*\]\s*$/i;

const EXPECTED =
  'expected SRNN(n,k), e.g. SRNN(8,2), or a bottom-up list SRNN[n_1,...,n_k], e.g. SRNN[8,4,2]; ' +
  'BiSRNN(8,2) or BiSRNN[8,4,2] for bidirectional levels';

/** What {@link parseSpec} reads from a name. */
export interface ParsedSpec {
  slices: number[];
  /** Present (true) for a `BiSRNN` name: every level runs forwards and backwards. */
  bidirectional?: true;
}

const withDirection = (slices: number[], bi: string | undefined): ParsedSpec =>
  bi === undefined ? { slices } : { slices, bidirectional: true };

/**
 * Reads a plan name. `SRNN(n,k)` (the paper's notation: slice number n, k slicing operations)
 * gives k copies of n; `SRNN[n_1,...,n_k]` gives the per-level list as written, bottom-up
 * (n_1 level-0 states form one level-1 sequence; n_k is the top sequence's length); `SRNN[]` and
 * `SRNN(n,0)` mean no slicing. A `Bi` prefix (`BiSRNN(8,2)`) adds `bidirectional: true`. Case and
 * whitespace are ignored.
 *
 * @example parseSpec('SRNN(8,2)') // { slices: [8, 8] }
 * @example parseSpec('BiSRNN(8,2)') // { slices: [8, 8], bidirectional: true }
 * @example parseSpec(' srnn[ 8, 4, 2 ] ') // { slices: [8, 4, 2] }
 * @throws {SlicingError} with field `spec` for anything else, for a slice number below 2, or for
 * a product of slices no sequence could hold (above Number.MAX_SAFE_INTEGER).
 */
export function parseSpec(spec: string): ParsedSpec {
  if (typeof spec !== 'string') {
    throw new SlicingError(
      'spec',
      `spec must be a string such as SRNN(8,2) or SRNN[8,4,2], got ${describeValue(spec)}`,
    );
  }
  const quoted = describeValue(spec.length > 60 ? `${spec.slice(0, 57)}...` : spec);
  const uniform = UNIFORM.exec(spec);
  if (uniform) {
    const n = Number(uniform[2]);
    const k = Number(uniform[3]);
    if (!Number.isSafeInteger(n) || n < 2) {
      throw new SlicingError(
        'spec',
        `spec ${quoted}: the slice number n must be an integer >= 2, got ${uniform[2]}`,
      );
    }
    if (!Number.isSafeInteger(k) || productExceeds(repeat(n, k), Number.MAX_SAFE_INTEGER)) {
      throw new SlicingError(
        'spec',
        `spec ${quoted}: ${n}^${uniform[3]} exceeds the largest safe length ` +
          `(${Number.MAX_SAFE_INTEGER}), so no sequence could be sliced this way; ` +
          `use k <= ${largestDepth(n)}`,
      );
    }
    return withDirection(new Array<number>(k).fill(n), uniform[1]);
  }
  const perLevel = PER_LEVEL.exec(spec);
  if (perLevel) {
    const slices = perLevel[2] === undefined ? [] : perLevel[2].split(',').map(Number);
    try {
      return withDirection(checkedSlices(slices), perLevel[1]);
    } catch (error) {
      if (error instanceof SlicingError) {
        throw new SlicingError('spec', `spec ${quoted}: ${error.message}`);
      }
      throw error;
    }
  }
  throw new SlicingError('spec', `spec ${quoted} is not an SRNN name; ${EXPECTED}`);
}

/**
 * Names a bottom-up list of slice numbers: `SRNN(n,k)` when all k levels use the same n (the
 * paper's notation), `SRNN[n_1,...,n_k]` otherwise, and `SRNN[]` for no slicing.
 * With `bidirectional: true` the name starts with `Bi` (`BiSRNN(8,2)`). {@link parseSpec} reads
 * every name this returns back to the same list.
 *
 * @example formatSpec([8, 8]) // 'SRNN(8,2)'
 * @example formatSpec([8, 8], { bidirectional: true }) // 'BiSRNN(8,2)'
 * @example formatSpec([8, 4, 2]) // 'SRNN[8,4,2]'
 * @throws {SlicingError} naming `slices[i]` for an entry that is not an integer >= 2, or `slices`
 * when their product is above Number.MAX_SAFE_INTEGER.
 */
export function formatSpec(
  slices: readonly number[],
  options: { bidirectional?: boolean } = {},
): string {
  const checked = checkedSlices(slices);
  const name = options.bidirectional === true ? 'BiSRNN' : 'SRNN';
  const first = checked[0];
  if (first !== undefined && checked.every((n) => n === first)) {
    return `${name}(${first},${checked.length})`;
  }
  return `${name}[${checked.join(',')}]`;
}

/** Validates a slice list that must be nameable: integers >= 2 with a safe product. */
function checkedSlices(slices: readonly number[]): number[] {
  const checked = parseOrThrow(sliceListSchema, slices, 'slices');
  if (productExceeds(checked, Number.MAX_SAFE_INTEGER)) {
    throw new SlicingError(
      'slices',
      `product of slices (${formatCount(product(checked))}) exceeds the largest safe length ` +
        `(${Number.MAX_SAFE_INTEGER}), so no sequence could be sliced this way`,
    );
  }
  return checked;
}

/** The largest k with n^k <= Number.MAX_SAFE_INTEGER. */
function largestDepth(n: number): number {
  let k = 0;
  let total = n;
  while (total <= Number.MAX_SAFE_INTEGER) {
    k += 1;
    total *= n;
  }
  return k;
}
