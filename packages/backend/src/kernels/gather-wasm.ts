import {
  backend_util,
  util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { wasmInternals } from '../internals';
import { rowSimdOnHeap } from './row-simd';
import { copyRun } from './strided-copy';

/**
 * GatherV2 (tf.gather, the embedding lookup) for the wasm backend that copies whole slices: for
 * a [30000, 200] table and 16,384 ids it copies 16,384 rows of 200 floats, where the stock
 * kernel's compiled loop computes every element's address separately.
 * The copies run in a small WebAssembly loop (`memory.copy` per row, no call out of WebAssembly
 * per row); without WebAssembly SIMD, one `TypedArray.set` per row.
 */
export function makeGatherWasm(stock: KernelConfig): KernelFunc {
  return (params) => {
    const x = params.inputs['x'] as TensorInfo;
    const indices = params.inputs['indices'] as TensorInfo;
    if (x.dtype === 'string' || indices.dtype !== 'int32') return stock.kernelFunc(params);
    const backend = wasmInternals(params.backend);
    const axis = util.parseAxisParam(params.attrs?.['axis'] as number, x.shape)[0] as number;
    const batchDims = (params.attrs?.['batchDims'] as number | undefined) ?? 0;
    const ids = backend.typedArrayFromHeap(indices);
    const axisSize = x.shape[axis] as number;
    for (let i = 0; i < ids.length; i++) {
      const index = ids[i] as number;
      if (index < 0 || index >= axisSize) {
        throw new Error(`GatherV2: the index value ${index} is not in [0, ${axisSize - 1}]`);
      }
    }
    const info = backend_util.segment_util.collectGatherOpShapeInfo(x, indices, axis, batchDims);
    const { batchSize, outerSize, dimSize, sliceSize } = info;
    const idsPerBatch = batchSize === 0 ? 0 : ids.length / batchSize;
    const out = backend.makeOutput(info.outputShape, x.dtype);
    const simd = rowSimdOnHeap(backend);
    if (simd !== null) {
      const offset = (t: TensorInfo) => backend.dataIdMap.get(t.dataId).memoryOffset;
      const [xAt, idsAt, outAt] = [offset(x), offset(indices), offset(out)];
      const rowBytes = sliceSize * util.bytesPerElement(x.dtype);
      for (let b = 0; b < batchSize; b++) {
        for (let o = 0; o < outerSize; o++) {
          simd.gatherRows(
            xAt + (b * outerSize + o) * dimSize * rowBytes,
            idsAt + b * idsPerBatch * Int32Array.BYTES_PER_ELEMENT,
            idsPerBatch,
            rowBytes,
            outAt + (b * outerSize + o) * idsPerBatch * rowBytes,
          );
        }
      }
      return out;
    }
    // Views are taken after the allocation: a heap that grows detaches earlier views.
    const source = backend.typedArrayFromHeap(x);
    const target = backend.typedArrayFromHeap(out);
    const idsNow = backend.typedArrayFromHeap(indices);
    for (let b = 0; b < batchSize; b++) {
      for (let o = 0; o < outerSize; o++) {
        const sourceBase = (b * outerSize + o) * dimSize;
        const targetBase = (b * outerSize + o) * idsPerBatch;
        for (let i = 0; i < idsPerBatch; i++) {
          const index = idsNow[b * idsPerBatch + i] as number;
          copyRun(
            source,
            (sourceBase + index) * sliceSize,
            target,
            (targetBase + i) * sliceSize,
            sliceSize,
          );
        }
      }
    }
    return out;
  };
}
