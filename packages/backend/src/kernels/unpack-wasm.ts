import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { wasmInternals } from '../internals';
import { copySlab } from './strided-copy';

/**
 * Unpack (tf.unstack) for the wasm backend: allocates every output, then copies each slab straight
 * from the input's heap memory. The stock kernel runs the stock Slice once per output, and each of
 * those copies the whole input first.
 */
export function makeUnpackWasm(stock: KernelConfig): KernelFunc {
  return (params) => {
    const value = params.inputs['value'] as TensorInfo;
    if (value.dtype === 'string') return stock.kernelFunc(params);
    const backend = wasmInternals(params.backend);
    const rank = value.shape.length;
    const requestedAxis = (params.attrs?.['axis'] as number | undefined) ?? 0;
    const axis = requestedAxis < 0 ? requestedAxis + rank : requestedAxis;
    if (axis < 0 || axis >= rank) {
      throw new Error(
        `Unpack: axis ${requestedAxis} is out of range for a tensor of rank ${rank} ` +
          `(valid: ${-rank} to ${rank - 1})`,
      );
    }
    const count = value.shape[axis] as number;
    const outShape = value.shape.filter((_, d) => d !== axis);
    const outs: TensorInfo[] = [];
    for (let i = 0; i < count; i++) outs.push(backend.makeOutput(outShape, value.dtype));
    // Views are taken after all allocations: a heap that grows detaches earlier views.
    const source = backend.typedArrayFromHeap(value);
    outs.forEach((out, i) =>
      copySlab(source, value.shape, axis, i, backend.typedArrayFromHeap(out)),
    );
    return outs;
  };
}
