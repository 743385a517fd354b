import type { TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackendInternals } from '../../internals';
import { heapView, releaseView } from '../heap-views';
import { relaxedMultiplyAdd } from '../multiply-add';
import { packPanels } from '../packed-product-driver';
import type { PackedProductSimd } from '../packed-product';
import { type ProductWorker, workersForRows } from './product-workers';
import { runShares, type Share } from './run-shares';

/**
 * Products smaller than this many floating-point operations stay on the calling thread: below
 * about 50 MFLOP (2-3 ms on one wasm thread) copying the operands to a worker costs more than the
 * worker saves.
 */
export const MIN_SPLIT_FLOPS = 5e7;

let minSplitFlops = MIN_SPLIT_FLOPS;

let workerShares = 0;
let simdShares = 0;

/** What the product workers have done so far in this process, for reports and checks. */
export function productWorkerShares(): { shares: number; transposedLeftWithSimd: number } {
  return { shares: workerShares, transposedLeftWithSimd: simdShares };
}

/** Changes the size from which products are shared (tests use 0 to share small products too). */
export function setMinSplitFlops(flops: number): void {
  minSplitFlops = flops;
}

/** C = A·B for plain (untransposed) 2-D operands; the kernel's own single-thread product. */
export type PlainProduct = (a: TensorInfo, b: TensorInfo) => TensorInfo;

function floatsOf(backend: WasmBackendInternals, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

/**
 * A worker's rows relative to this thread's in products split by rows of A (whose rows come out
 * with the same bits on any thread): a worker copies its rows and the packed B in and its result
 * out, so an even split has this thread wait for it. 0.8 was faster than an even split in steps
 * taken in turns on Amazon_F-shaped batches (`bench/step-variants.ts` in apps/reproduce, variant
 * products-split-evenly). Aᵀ·B, whose shares' sums are added up, keeps an even split.
 */
export const PRODUCT_WORKER_WEIGHT = 0.8;
let productWorkerWeight = PRODUCT_WORKER_WEIGHT;

/** Changes a worker's rows relative to this thread's in row-split products (benchmarks). */
export function setProductWorkerWeight(weight: number): void {
  if (!(weight > 0 && weight <= 2)) {
    throw new RangeError(`product worker weight must be a number in (0, 2], got ${weight}`);
  }
  productWorkerWeight = weight;
}

/** `total` rows: each of `helpers` workers gets the weight times this thread's share, rounded down. */
function weightedRowShares(total: number, helpers: number): number[] {
  const each = Math.floor((total * productWorkerWeight) / (1 + helpers * productWorkerWeight));
  return [total - each * helpers, ...new Array<number>(helpers).fill(each)];
}

/** Splits `total` into `parts` shares that are multiples of `unit`, the first taking the rest. */
export function rowShares(total: number, parts: number, unit = 1): number[] {
  const each = Math.floor(total / unit / parts) * unit;
  return [total - each * (parts - 1), ...new Array<number>(parts - 1).fill(each)];
}

/** The workers of the shares of a product of `flops` (null: run here), or none when not worth it. */
function helpersFor(flops: number, minimumRows: number, rows: number): (ProductWorker | null)[] {
  return flops < minSplitFlops ? [] : workersForRows(rows, minimumRows);
}

/** A share of a product: its first row and its rows (of A, or of the inner dimension for Aᵀ·B). */
interface RowShare {
  firstRow: number;
  rows: number;
}

/** The shares after this thread's `ownRows`, one per helper, each with its worker. */
function sharesOf(
  helpers: (ProductWorker | null)[],
  ownRows: number,
  helperRows: number[],
): Share<RowShare>[] {
  let firstRow = ownRows;
  return helpers.map((worker, i) => {
    const share = { firstRow, rows: helperRows[i]! };
    firstRow += share.rows;
    return { worker, share };
  });
}

/**
 * A [m, k] · B [k, n] with the rows of A shared between this thread and the product workers, or
 * null when the product is too small to share. The workers get copies of their rows of A and of
 * B; this thread multiplies its rows in place, and the rows of any share whose worker is missing,
 * failed or hung (every row's result is the same whichever thread computes it).
 */
export function splitProduct(
  backend: WasmBackendInternals,
  product: PlainProduct,
  a: TensorInfo,
  b: TensorInfo,
  m: number,
  k: number,
  n: number,
  outShape: number[],
): TensorInfo | null {
  const helpers = helpersFor(2 * m * k * n, 64, m);
  if (helpers.length === 0) return null;
  const [ownRows, ...helperRows] = weightedRowShares(m, helpers.length) as [number, ...number[]];
  let result: TensorInfo | null = null;
  // Rows [from, from + rows) of A times B, on this thread, into the result.
  const multiplyHere = (from: number, rows: number): void => {
    const rowsOfA = heapView(backend, a, from * k, [1, rows, k]);
    const part = product(rowsOfA, { dataId: b.dataId, shape: [1, k, n], dtype: 'float32' });
    releaseView(backend, rowsOfA);
    result ??= backend.makeOutput(outShape, 'float32');
    // Heap views are taken after every allocation: a heap that grows detaches older views.
    floatsOf(backend, result).set(floatsOf(backend, part), from * n);
    backend.disposeData(part.dataId);
  };
  runShares(sharesOf(helpers, ownRows, helperRows), {
    start(worker, { firstRow, rows }) {
      const floats = worker.floats(rows * k + k * n + rows * n);
      floats.set(floatsOf(backend, a).subarray(firstRow * k, (firstRow + rows) * k), 0);
      floats.set(floatsOf(backend, b).subarray(0, k * n), rows * k);
      worker.start({ kind: 'product', rows, k, n });
    },
    own: () => multiplyHere(0, ownRows),
    collect(worker, { firstRow, rows }) {
      workerShares += 1;
      const offset = rows * k + k * n;
      const floats = worker.floats(0).subarray(offset, offset + rows * n);
      floatsOf(backend, result!).set(floats, firstRow * n);
    },
    runHere: ({ firstRow, rows }) => multiplyHere(firstRow, rows),
  });
  return result;
}

/**
 * A [rows, k] · B [k, n] (or Bᵀ for B [n, k] with `transposeB`) with the packed-product tiles: B
 * is packed into column panels once, then the rows of A are shared between this thread and the
 * product workers (when the product is large enough), each running the same tiles on its rows in
 * place (the workers on copies of their rows and of the packed B). Every row's result has the same
 * bits whichever thread computes it.
 */
export function splitPackedProduct(
  backend: WasmBackendInternals,
  simd: PackedProductSimd,
  a: TensorInfo,
  b: TensorInfo,
  rows: number,
  k: number,
  n: number,
  transposeB: boolean,
  outShape: number[],
): TensorInfo {
  const packed = backend.makeOutput([k * n], 'float32');
  const result = backend.makeOutput(outShape, 'float32');
  // Heap views and addresses are taken after every allocation: a heap that grows detaches views.
  packPanels(floatsOf(backend, packed), 0, floatsOf(backend, b), 0, k, n, transposeB);
  const addressOf = (t: TensorInfo): number => backend.dataIdMap.get(t.dataId).memoryOffset;
  const multiplyHere = (from: number, count: number): void =>
    simd.multiply(
      addressOf(result) + 4 * from * n,
      4 * n,
      addressOf(a) + 4 * from * k,
      4 * k,
      addressOf(packed),
      count,
      k,
      n,
    );
  const helpers = helpersFor(2 * rows * k * n, 64, rows);
  const [ownRows, ...helperRows] = weightedRowShares(rows, helpers.length) as [number, ...number[]];
  try {
    runShares(sharesOf(helpers, ownRows, helperRows), {
      start(worker, { firstRow, rows: count }) {
        const floats = worker.floats(count * k + k * n + count * n);
        floats.set(floatsOf(backend, a).subarray(firstRow * k, (firstRow + count) * k), 0);
        floats.set(floatsOf(backend, packed), count * k);
        worker.start({ kind: 'packedProduct', rows: count, k, n, relaxed: relaxedMultiplyAdd() });
      },
      own: () => multiplyHere(0, ownRows),
      collect(worker, { firstRow, rows: count }) {
        workerShares += 1;
        const offset = count * k + k * n;
        const floats = worker.floats(0).subarray(offset, offset + count * n);
        floatsOf(backend, result).set(floats, firstRow * n);
      },
      runHere: ({ firstRow, rows: count }) => multiplyHere(firstRow, count),
    });
  } finally {
    backend.disposeData(packed.dataId);
  }
  return result;
}

/**
 * Aᵀ·B for A [k, m] and B [k, n] with a long inner dimension k, summed over chunks of `chunk` rows
 * (see batch-mat-mul-wasm.ts). `partialSum(from, to, into)` adds this thread's chunks in [from, to)
 * into `into`. Whole chunks of the inner dimension are shared out and the partial sums added up
 * here in share order; a share whose worker is missing, failed or hung is summed here apart, from
 * zero, and added the same way, so the result has the same bits whoever summed each share.
 */
export function splitTransposedProduct(
  backend: WasmBackendInternals,
  partialSum: (from: number, to: number, into: TensorInfo) => void,
  a: TensorInfo,
  b: TensorInfo,
  m: number,
  k: number,
  n: number,
  chunk: number,
  outShape: number[],
): TensorInfo {
  const result = backend.makeOutput(outShape, 'float32');
  floatsOf(backend, result).fill(0);
  const helpers = helpersFor(2 * m * k * n, chunk, k);
  const [ownRows, ...helperRows] = rowShares(k, helpers.length + 1, chunk) as [number, ...number[]];
  const addToResult = (partial: Float32Array<ArrayBufferLike>): void => {
    const sum = floatsOf(backend, result);
    for (let i = 0; i < m * n; i += 1) sum[i] = sum[i]! + partial[i]!;
  };
  runShares(sharesOf(helpers, ownRows, helperRows), {
    start(worker, { firstRow, rows }) {
      const floats = worker.floats(rows * (m + n) + m * n);
      floats.set(floatsOf(backend, a).subarray(firstRow * m, (firstRow + rows) * m), 0);
      floats.set(floatsOf(backend, b).subarray(firstRow * n, (firstRow + rows) * n), rows * m);
      worker.start({ kind: 'transposedLeft', rows, m, n, chunk, relaxed: relaxedMultiplyAdd() });
    },
    own: () => partialSum(0, ownRows, result),
    collect(worker, { rows }) {
      workerShares += 1;
      if (worker.lastTransposedLeftUsedSimd) simdShares += 1;
      addToResult(worker.floats(0).subarray(rows * (m + n), rows * (m + n) + m * n));
    },
    runHere({ firstRow, rows }) {
      const partial = backend.makeOutput([m, n], 'float32');
      floatsOf(backend, partial).fill(0);
      partialSum(firstRow, firstRow + rows, partial);
      addToResult(floatsOf(backend, partial));
      backend.disposeData(partial.dataId);
    },
  });
  return result;
}
