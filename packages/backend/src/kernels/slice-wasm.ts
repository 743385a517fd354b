import { slice_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { wasmInternals } from '../internals';
import { copyBox } from './strided-copy';

/**
 * Slice for the wasm backend that reads the input in place. The stock kernel starts with
 * `backend.readSync(x)`, which copies the whole input off the heap for every slice: unstacking a
 * [512, 32, 200] tensor copied 13 MB 512 times.
 */
export function makeSliceWasm(stock: KernelConfig): KernelFunc {
  return (params) => {
    const x = params.inputs['x'] as TensorInfo;
    if (x.dtype === 'string') return stock.kernelFunc(params);
    const backend = wasmInternals(params.backend);
    const [begin = [], size = []] = slice_util.parseSliceParams(
      x,
      params.attrs?.['begin'] as number[],
      params.attrs?.['size'] as number[],
    );
    slice_util.assertParamsValid(x, begin, size);
    const out = backend.makeOutput(size, x.dtype);
    // Views are taken after the allocation: a heap that grows detaches earlier views.
    copyBox(backend.typedArrayFromHeap(x), x.shape, begin, size, backend.typedArrayFromHeap(out));
    return out;
  };
}
