import type { NumericArray } from '../internals';

/** Below this run length a plain loop beats `TypedArray.set` on a subarray (per-call overhead). */
const SHORT_RUN = 16;

/** Copies `length` values from `src[from]` to `dst[to]`. */
export function copyRun(
  src: NumericArray,
  from: number,
  dst: NumericArray,
  to: number,
  length: number,
) {
  if (length < SHORT_RUN) {
    for (let k = 0; k < length; k++) dst[to + k] = src[from + k] as number;
  } else {
    dst.set(src.subarray(from, from + length), to);
  }
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) {
    strides[d] = (strides[d + 1] as number) * (shape[d + 1] as number);
  }
  return strides;
}

/**
 * Copies the box `begin`..`begin + size` of a row-major array of `shape` into `dst` (row-major,
 * packed). Trailing dimensions taken whole are merged into one contiguous run, so the copy does
 * one `set` per run instead of one per innermost row. `begin` and `size` must already be resolved
 * (no -1) and in range.
 */
export function copyBox(
  src: NumericArray,
  shape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
  dst: NumericArray,
): void {
  const rank = shape.length;
  if (size.some((d) => d === 0)) return;
  if (rank === 0) {
    dst[0] = src[0] as number;
    return;
  }
  const strides = stridesOf(shape);
  // The outermost dimension `split` from which the box is one contiguous run.
  let split = rank - 1;
  while (split > 0 && begin[split] === 0 && size[split] === shape[split]) split--;
  const runLength = (size[split] as number) * (strides[split] as number);
  const runStart = (begin[split] as number) * (strides[split] as number);

  // Odometer over the dimensions before `split`.
  const index = new Array<number>(split).fill(0);
  let runs = 1;
  for (let d = 0; d < split; d++) runs *= size[d] as number;
  let to = 0;
  for (let r = 0; r < runs; r++) {
    let from = runStart;
    for (let d = 0; d < split; d++) {
      from += ((begin[d] as number) + (index[d] as number)) * (strides[d] as number);
    }
    copyRun(src, from, dst, to, runLength);
    to += runLength;
    for (let d = split - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (size[d] as number)) break;
      index[d] = 0;
    }
  }
}

/**
 * Copies the `position`-th slab along `axis` of a row-major array of `shape` into `dst`:
 * the data of one output of Unpack (unstack).
 */
export function copySlab(
  src: NumericArray,
  shape: readonly number[],
  axis: number,
  position: number,
  dst: NumericArray,
): void {
  const begin = shape.map((_, d) => (d === axis ? position : 0));
  const size = shape.map((dim, d) => (d === axis ? 1 : dim));
  copyBox(src, shape, begin, size, dst);
}
