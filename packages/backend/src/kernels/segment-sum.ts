import type { NumericArray } from '../internals';

/** Shapes of an UnsortedSegmentSum, validated once and shared by the cpu and wasm kernels. */
export interface SegmentSumPlan {
  /** Output shape: `[numSegments, ...xShape.slice(1)]`. */
  outShape: number[];
  /** Number of leading rows of x (its first dimension). */
  rows: number;
  /** Segment ids per row (the product of `segmentIds.shape.slice(1)`, 1 for the usual 1-D ids). */
  idsPerRow: number;
  /** Values that move with one segment id (the product of x's dimensions after the ids' rank). */
  innerSize: number;
  numSegments: number;
}

function product(dims: readonly number[]): number {
  return dims.reduce((acc, d) => acc * d, 1);
}

/**
 * Checks the inputs of an UnsortedSegmentSum and derives the loop sizes.
 * The ids' shape must be a leading part of x's shape (as TensorFlow requires).
 */
export function planSegmentSum(
  xShape: readonly number[],
  idsShape: readonly number[],
  numSegments: number,
): SegmentSumPlan {
  if (!Number.isInteger(numSegments) || numSegments < 0) {
    throw new Error(
      `UnsortedSegmentSum: numSegments must be a non-negative integer, got ${numSegments}`,
    );
  }
  const idsArePrefix =
    idsShape.length >= 1 &&
    idsShape.length <= xShape.length &&
    idsShape.every((d, i) => d === xShape[i]);
  if (!idsArePrefix) {
    throw new Error(
      `UnsortedSegmentSum: segmentIds shape [${idsShape.join(',')}] must be a leading part of ` +
        `x's shape [${xShape.join(',')}] (for example [${xShape[0] ?? 0}])`,
    );
  }
  return {
    outShape: [numSegments, ...xShape.slice(1)],
    rows: xShape[0] ?? 0,
    idsPerRow: product(idsShape.slice(1)),
    innerSize: product(xShape.slice(idsShape.length)),
    numSegments,
  };
}

/**
 * Adds every slice of `x` into the output row its segment id names, in one pass over `x`:
 * `out[s, p, k] += x[i, p, k]` where `segmentIds[i, p] === s`. Ids outside `[0, numSegments)` are
 * skipped, as the cpu backend's kernel skips them. `out` must hold zeros on entry.
 *
 * For 1-D ids (the embedding gradient) `p` is always 0 and this is the familiar row scatter-add.
 * For ids of higher rank it reproduces the cpu backend's kernel, which sums over the first axis only.
 */
export function accumulateSegments(
  plan: SegmentSumPlan,
  x: ArrayLike<number>,
  segmentIds: ArrayLike<number>,
  out: NumericArray,
): void {
  const { rows, idsPerRow, innerSize, numSegments } = plan;
  for (let row = 0; row < rows; row++) {
    for (let p = 0; p < idsPerRow; p++) {
      const idIndex = row * idsPerRow + p;
      const segment = segmentIds[idIndex] as number;
      if (segment < 0 || segment >= numSegments) continue;
      const src = idIndex * innerSize;
      const dst = (segment * idsPerRow + p) * innerSize;
      for (let k = 0; k < innerSize; k++) {
        out[dst + k] = (out[dst + k] as number) + (x[src + k] as number);
      }
    }
  }
}
