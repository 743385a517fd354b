import {
  broadcast_util,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import type { WasmBackendInternals } from './backend-internals';
import { heapView, releaseView, withShape } from './heap-views';
import { splitProduct, splitTransposedProduct, type PlainProduct } from './parallel/split-products';

/**
 * Rows of the inner dimension per partial product when the left operand is transposed and the
 * inner dimension is long (a weight gradient Xᵀ·dY over every token of a batch). XNNPACK streams
 * its whole left operand once per block of output columns, so a [200, 16384] left operand runs
 * out of cache; chunks of this many rows stay in it, and their partial products are added up.
 */
export const TRANSPOSED_INNER_CHUNK = 1024;

function product(dims: readonly number[]): number {
  return dims.reduce((acc, d) => acc * d, 1);
}

/** [batch, rows, cols] -> [batch, cols, rows] with the backend's own Transpose kernel. */
function swapLastTwo(backend: WasmBackendInternals, x: TensorInfo): TensorInfo {
  const transpose = getKernel('Transpose', 'wasm');
  return transpose.kernelFunc({
    inputs: { x },
    backend,
    attrs: { perm: [0, 2, 1] },
  }) as TensorInfo;
}

/**
 * True when each output batch pairs batch i of one operand with batch i (or the only batch) of the
 * other: one side has a single batch, or both have the same batch dimensions. Other broadcasts
 * (say [4, 1] against [1, 4]) are left to the stock kernel.
 */
function isSimpleBatching(outerA: readonly number[], outerB: readonly number[]): boolean {
  const batchA = product(outerA);
  const batchB = product(outerB);
  if (batchA === 1 || batchB === 1) return true;
  const rank = Math.max(outerA.length, outerB.length);
  const padA = [...new Array<number>(rank - outerA.length).fill(1), ...outerA];
  const padB = [...new Array<number>(rank - outerB.length).fill(1), ...outerB];
  return padA.every((d, i) => d === padB[i]);
}

/**
 * BatchMatMul for the wasm backend that always reaches XNNPACK's fast matrix product. The stock
 * kernel uses XNNPACK only when neither operand is transposed and both have a batch of one; every
 * other case (the transposes in every matMul gradient, any batched product) runs a naive blocked
 * loop that is 5 to 13 times slower. Here transposed operands are transposed explicitly first,
 * a batched left operand against a single right operand is folded into the rows of one product,
 * and equal batches run one fast product per batch on views of the heap.
 */
export function makeBatchMatMulWasm(stock: KernelConfig): KernelFunc {
  return (params) => {
    const a = params.inputs['a'] as TensorInfo;
    const b = params.inputs['b'] as TensorInfo;
    const transposeA = params.attrs?.['transposeA'] === true;
    const transposeB = params.attrs?.['transposeB'] === true;
    const outerA = a.shape.slice(0, -2);
    const outerB = b.shape.slice(0, -2);
    const batchA = product(outerA);
    const batchB = product(outerB);
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || !isSimpleBatching(outerA, outerB)) {
      return stock.kernelFunc(params);
    }
    const backend = params.backend as WasmBackendInternals;
    const [aRows, aCols] = a.shape.slice(-2) as [number, number];
    const [bRows, bCols] = b.shape.slice(-2) as [number, number];
    const m = transposeA ? aCols : aRows;
    const k = transposeA ? aRows : aCols;
    const n = transposeB ? bRows : bCols;
    const kB = transposeB ? bCols : bRows;
    if (k !== kB) {
      throw new Error(
        `matMul: inner dimensions ${k} and ${kB} do not match for shapes [${a.shape}] and ` +
          `[${b.shape}] with transposeA=${transposeA}, transposeB=${transposeB}`,
      );
    }
    const outShape = [...broadcast_util.assertAndGetBroadcastShape(outerA, outerB), m, n];
    if (product(outShape) === 0 || k === 0) {
      // XNNPACK rejects empty operands (the stock kernel then returns uninitialised memory).
      const empty = backend.makeOutput(outShape, 'float32');
      backend.typedArrayFromHeap(empty).fill(0);
      return empty;
    }
    const product2d: PlainProduct = (left, right) =>
      stock.kernelFunc({
        inputs: { a: left, b: right },
        backend,
        attrs: { transposeA: false, transposeB: false },
      }) as TensorInfo;
    if (!transposeA && !transposeB && batchA === 1 && batchB === 1) {
      return splitProduct(backend, product2d, a, b, m, k, n, outShape) ?? stock.kernelFunc(params);
    }
    if (
      transposeA &&
      !transposeB &&
      batchA === 1 &&
      batchB === 1 &&
      k > 2 * TRANSPOSED_INNER_CHUNK
    ) {
      const partialSum = (from: number, to: number, into: TensorInfo) =>
        addTransposedChunks(backend, product2d, a, b, m, n, from, to, into);
      return splitTransposedProduct(
        backend,
        partialSum,
        a,
        b,
        m,
        k,
        n,
        TRANSPOSED_INNER_CHUNK,
        outShape,
      );
    }
    const plainA = transposeA
      ? swapLastTwo(backend, withShape(a, [batchA, k, m]))
      : withShape(a, [batchA, m, k]);
    const plainB = transposeB
      ? swapLastTwo(backend, withShape(b, [batchB, n, k]))
      : withShape(b, [batchB, k, n]);
    let result: TensorInfo;
    if (batchB === 1) {
      // Every batch of A multiplies the same B: stack A's batches as rows of one product.
      const rows = batchA * m;
      const stackedA = withShape(plainA, [1, rows, k]);
      const out =
        splitProduct(backend, product2d, stackedA, plainB, rows, k, n, [rows, n]) ??
        product2d(stackedA, withShape(plainB, [1, k, n]));
      result = withShape(out, outShape);
    } else {
      result = backend.makeOutput(outShape, 'float32');
      for (let i = 0; i < batchB; i++) {
        const left = heapView(backend, plainA, batchA === 1 ? 0 : i * m * k, [1, m, k]);
        const right = heapView(backend, plainB, i * k * n, [1, k, n]);
        const part = product2d(left, right);
        releaseView(backend, left);
        releaseView(backend, right);
        // Read the heap only now: the product may have grown it.
        backend.typedArrayFromHeap(result).set(backend.typedArrayFromHeap(part), i * m * n);
        backend.disposeData(part.dataId);
      }
    }
    if (transposeA) backend.disposeData(plainA.dataId);
    if (transposeB) backend.disposeData(plainB.dataId);
    return result;
  };
}

/**
 * Adds (A rows)ᵀ·(B rows) for the rows [from, to) of A [k, m] and B [k, n] into `into` [m, n],
 * chunk by chunk, each chunk's left operand transposed on its own so that it stays in cache.
 */
function addTransposedChunks(
  backend: WasmBackendInternals,
  product2d: PlainProduct,
  a: TensorInfo,
  b: TensorInfo,
  m: number,
  n: number,
  from: number,
  to: number,
  into: TensorInfo,
): void {
  for (let start = from; start < to; start += TRANSPOSED_INNER_CHUNK) {
    const rows = Math.min(TRANSPOSED_INNER_CHUNK, to - start);
    const aRows = heapView(backend, a, start * m, [1, rows, m]);
    const bRows = heapView(backend, b, start * n, [1, rows, n]);
    const aRowsTransposed = swapLastTwo(backend, aRows);
    const part = product2d(aRowsTransposed, bRows);
    releaseView(backend, aRows);
    // Releasing the right operand's view also frees the packed copy XNNPACK made of it.
    releaseView(backend, bRows);
    backend.disposeData(aRowsTransposed.dataId);
    // Read the heap only now: the product may have grown it.
    const sum = backend.typedArrayFromHeap(into) as Float32Array;
    const partial = backend.typedArrayFromHeap(part) as Float32Array;
    for (let i = 0; i < m * n; i += 1) sum[i] = sum[i]! + partial[i]!;
    backend.disposeData(part.dataId);
  }
}
