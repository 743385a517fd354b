import {
  broadcast_util,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { wasmInternals, type WasmBackendInternals } from '../internals';
import { heapView, releaseView, withShape } from './heap-views';
import { packedProductSimdOnHeap } from './packed-product';
import {
  splitPackedProduct,
  splitProduct,
  splitTransposedProduct,
  type PlainProduct,
} from './parallel/split-products';
import { productThreads } from './parallel/product-workers';
import { transposedLeftSimdOnHeap, type TransposedLeftSimd } from './transposed-left';

/**
 * Rows of the inner dimension per share when a product with a transposed left operand and a long
 * inner dimension (a weight gradient Xᵀ·dY over every token of a batch) is shared with the product
 * workers. Without WebAssembly SIMD it is also the chunk of the fallback: XNNPACK streams its whole
 * left operand once per block of output columns, so a [200, 16384] left operand runs out of cache;
 * chunks of this many rows stay in it, and their partial products are added up.
 */
export const TRANSPOSED_INNER_CHUNK = 1024;

/**
 * How fast a product worker sums Aᵀ·B relative to this thread. The workers run the same SIMD tiles
 * on their shared memory, but their operands are first copied there, so their shares are sized a
 * little smaller to finish with this thread. Measured with one worker on [16384,200]ᵀ ×
 * [16384,150] and a free second core (interleaved medians, noisy): 0.4, 0.6, 0.7, 0.8 and 1 took
 * 22.5, 21.1, 20-27, 18.2 and 26.3 ms, this thread alone 29-32.
 */
const WORKER_SPEED_AGAINST_SIMD = 0.8;

function product(dims: readonly number[]): number {
  return dims.reduce((acc, d) => acc * d, 1);
}

/** Byte address of a tensor's first value in the heap. */
function addressOf(backend: WasmBackendInternals, t: TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset;
}

/** A tensor of its own holding a copy of `t`'s values. */
function copyOnHeap(backend: WasmBackendInternals, t: TensorInfo): TensorInfo {
  const copy = backend.makeOutput([...t.shape], 'float32');
  backend.typedArrayFromHeap(copy).set(backend.typedArrayFromHeap(t));
  return copy;
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
 * BatchMatMul for the wasm backend that always reaches a fast matrix product. The stock kernel
 * uses XNNPACK only when neither operand is transposed and both have a batch of one; every other
 * case (the transposes in every matMul gradient, any batched product) runs a naive blocked loop
 * that is 5 to 13 times slower. Here A·B and A·Bᵀ against a single B (the input projection and
 * its input gradient; a batched A is folded into the rows of one product) run the packed-product
 * tiles (packed-product.ts), Aᵀ·B (the weight gradient) runs SIMD tiles that read both operands
 * in place (transposed-left.ts), and without SIMD, or for equal batches, transposed operands are
 * transposed explicitly and XNNPACK runs one product per batch on views of the heap.
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
    const backend = wasmInternals(params.backend);
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
    // A times one right operand (plain or transposed; A's batches stacked as rows): the packed
    // tiles read B packed once, so its transpose costs nothing.
    const packed = !transposeA && batchB === 1 ? packedProductSimdOnHeap(backend) : null;
    if (packed) {
      return splitPackedProduct(backend, packed, a, b, batchA * m, k, n, transposeB, outShape);
    }
    if (!transposeA && !transposeB && batchA === 1 && batchB === 1) {
      return splitProduct(backend, product2d, a, b, m, k, n, outShape) ?? stock.kernelFunc(params);
    }
    const simd = transposeA && !transposeB ? transposedLeftSimdOnHeap(backend) : null;
    if (
      transposeA &&
      !transposeB &&
      batchA === 1 &&
      batchB === 1 &&
      k > 2 * TRANSPOSED_INNER_CHUNK
    ) {
      return sharedTransposedLeft(backend, product2d, a, b, m, k, n, simd !== null, outShape);
    }
    if (simd) {
      return transposedLeftProducts(
        backend,
        simd,
        a,
        b,
        batchA === 1,
        batchB === 1,
        m,
        k,
        n,
        outShape,
      );
    }
    const plainA = transposeA
      ? swapLastTwo(backend, withShape(a, [batchA, k, m]))
      : withShape(a, [batchA, m, k]);
    let plainB = transposeB
      ? swapLastTwo(backend, withShape(b, [batchB, n, k]))
      : withShape(b, [batchB, k, n]);
    if (transposeB && plainB.dataId === b.dataId) {
      // A transpose that moves no value (n or k is 1) shares b's memory under another shape, and
      // XNNPACK keeps the packed right operand of a product by data id: a later product with b in
      // its own shape would reuse this packing (wrong values, e.g. every attention gradient).
      const shared = plainB;
      plainB = copyOnHeap(backend, shared);
      backend.disposeData(shared.dataId);
    }
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
 * Aᵀ·B for A [k, m] and B [k, n] with a long inner dimension, shared with the product workers in
 * whole chunks of the inner dimension. With the SIMD tiles here, the workers only get shares of
 * the last rows (sized to each worker's speed, see WORKER_SPEED_AGAINST_SIMD) and this thread
 * does the rows before them along with its own share.
 */
function sharedTransposedLeft(
  backend: WasmBackendInternals,
  product2d: PlainProduct,
  a: TensorInfo,
  b: TensorInfo,
  m: number,
  k: number,
  n: number,
  withSimd: boolean,
  outShape: number[],
): TensorInfo {
  const workers = productThreads() - 1;
  const speed = withSimd ? WORKER_SPEED_AGAINST_SIMD : 1;
  // Split equally, these rows give each worker `speed` times this thread's rows.
  const shared = Math.min(k, Math.ceil((k * (workers + 1) * speed) / (1 + workers * speed)));
  const head = k - shared;
  const aTail = heapView(backend, a, head * m, [shared, m]);
  const bTail = heapView(backend, b, head * n, [shared, n]);
  // This thread's share is the one from row 0 of the tail; it takes the head with it.
  const partialSum = (from: number, to: number, into: TensorInfo) =>
    addTransposedChunks(
      backend,
      product2d,
      a,
      b,
      m,
      n,
      from === 0 ? 0 : head + from,
      head + to,
      into,
    );
  const result = splitTransposedProduct(
    backend,
    partialSum,
    aTail,
    bTail,
    m,
    shared,
    n,
    TRANSPOSED_INNER_CHUNK,
    outShape,
  );
  releaseView(backend, aTail);
  releaseView(backend, bTail);
  return result;
}

/**
 * Aᵀ·B for every batch with the SIMD tiles: A [batchA, k, m] and B [batchB, k, n], each either a
 * single matrix (`oneA`, `oneB`: used for every batch) or as many as the output has.
 */
function transposedLeftProducts(
  backend: WasmBackendInternals,
  simd: TransposedLeftSimd,
  a: TensorInfo,
  b: TensorInfo,
  oneA: boolean,
  oneB: boolean,
  m: number,
  k: number,
  n: number,
  outShape: number[],
): TensorInfo {
  const result = backend.makeOutput(outShape, 'float32');
  backend.typedArrayFromHeap(result).fill(0);
  const batches = product(outShape) / (m * n);
  const [into, left, right] = [result, a, b].map((t) => addressOf(backend, t)) as [
    number,
    number,
    number,
  ];
  for (let i = 0; i < batches; i += 1) {
    simd.addProduct(
      into + 4 * i * m * n,
      left + (oneA ? 0 : 4 * i * k * m),
      right + (oneB ? 0 : 4 * i * k * n),
      k,
      m,
      n,
    );
  }
  return result;
}

/**
 * Adds (A rows)ᵀ·(B rows) for the rows [from, to) of A [k, m] and B [k, n] into `into` [m, n]:
 * with the SIMD tiles in place, or else chunk by chunk, each chunk's left operand transposed on its
 * own so that it stays in cache.
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
  const simd = transposedLeftSimdOnHeap(backend);
  if (simd) {
    simd.addProduct(
      addressOf(backend, into),
      addressOf(backend, a) + 4 * from * m,
      addressOf(backend, b) + 4 * from * n,
      to - from,
      m,
      n,
    );
    return;
  }
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
