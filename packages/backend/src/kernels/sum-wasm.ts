import {
  backend_util,
  util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { wasmInternals } from '../internals';
import { rowSimdOnHeap } from './row-simd';

/**
 * How many leading axes `axes` reduces, when they are exactly the axes 0..k-1 of a rank-`rank`
 * tensor with 0 < k < rank; otherwise null.
 */
export function leadingAxesCount(axes: readonly number[], rank: number): number | null {
  const sorted = [...new Set(axes)].sort((a, b) => a - b);
  const k = sorted.length;
  if (k === 0 || k >= rank) return null;
  return sorted.every((axis, i) => axis === i) ? k : null;
}

/**
 * Sum for the wasm backend when the reduced axes lead (the bias gradient: axis 0 of a
 * [batch * steps, units] tensor, or axes [0, 1] of [batch, steps, units]). The stock kernel first
 * transposes so that the reduced axes are innermost, a full copy of the input; here the rows are
 * added in place on the heap, one row at a time into the output (SIMD where the runtime has it,
 * else a plain loop).
 *
 * Each output is summed in row order in float32, the same additions in the same order as the
 * stock kernel makes after its transpose, so the results are identical to it. Other dtypes and
 * other axes (trailing axes need no transpose) go to the stock kernel, except an empty input:
 * the stock kernel leaves its output unwritten (whatever the heap held), here it is zeros.
 */
export function makeSumWasm(stock: KernelConfig): KernelFunc {
  return (params) => {
    const x = params.inputs['x'] as TensorInfo;
    if (x.dtype === 'string' || x.dtype === 'complex64') return stock.kernelFunc(params);
    const axis = params.attrs?.['axis'] as number | number[] | null | undefined;
    // No axis means all of them.
    const axes = util.parseAxisParam(axis ?? x.shape.map((_, i) => i), x.shape);
    const keepDims = params.attrs?.['keepDims'] === true;
    const backend = wasmInternals(params.backend);
    const empty = util.sizeFromShape(x.shape) === 0;
    const k = leadingAxesCount(axes, x.shape.length);
    if (!empty && (k === null || x.dtype !== 'float32')) return stock.kernelFunc(params);

    const [innerShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
    const outShape = keepDims ? backend_util.expandShapeToKeepDim(innerShape, axes) : innerShape;
    const out = backend.makeOutput(outShape, x.dtype);
    // Zeroed first: the sum of no rows is 0, as on the cpu backend.
    backend.typedArrayFromHeap(out).fill(0);
    if (empty || k === null) return out;

    const rows = util.sizeFromShape(x.shape.slice(0, k));
    const inner = util.sizeFromShape(innerShape);
    const simd = rowSimdOnHeap(backend);
    if (simd !== null) {
      const offset = (info: TensorInfo) => backend.dataIdMap.get(info.dataId).memoryOffset;
      simd.sumRowsF32(offset(x), rows, inner, offset(out));
      return out;
    }
    // Views are taken after the allocation: a heap that grows detaches earlier views.
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    for (let r = 0; r < rows; r++) {
      const base = r * inner;
      for (let j = 0; j < inner; j++) dst[j] = (dst[j] as number) + (src[base + j] as number);
    }
    return out;
  };
}
