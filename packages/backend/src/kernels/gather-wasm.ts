import {
  backend_util,
  util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import type { WasmBackendInternals } from './backend-internals';
import { copyRun } from './strided-copy';

/**
 * GatherV2 (tf.gather, the embedding lookup) for the wasm backend that copies whole slices: for
 * a [30000, 200] table and 16,384 ids it copies 16,384 rows of 200 floats with one `set` each,
 * where the stock kernel's compiled loop computes every element's address separately (about 15
 * times slower).
 */
export function makeGatherWasm(stock: KernelConfig): KernelFunc {
  return (params) => {
    const x = params.inputs['x'] as TensorInfo;
    const indices = params.inputs['indices'] as TensorInfo;
    if (x.dtype === 'string' || indices.dtype !== 'int32') return stock.kernelFunc(params);
    const backend = params.backend as WasmBackendInternals;
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
