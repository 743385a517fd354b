import type { TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackendInternals } from '../internals';

const BYTES_PER_FLOAT = 4;

/** A TensorInfo over the same data with another shape of the same size (no copy, no refcount). */
export function withShape(t: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: t.dataId, shape, dtype: t.dtype };
}

/**
 * Registers a tensor that aliases `length` floats of another tensor's heap memory starting at
 * element `offset`, so a kernel can treat one batch of a 3-D tensor as a tensor of its own.
 */
export function heapView(
  backend: WasmBackendInternals,
  of: TensorInfo,
  offset: number,
  shape: number[],
): TensorInfo {
  const base = backend.dataIdMap.get(of.dataId).memoryOffset;
  return backend.makeOutput(shape, 'float32', base + offset * BYTES_PER_FLOAT);
}

/** Forgets a view made by heapView without freeing the memory it aliases. */
export function releaseView(backend: WasmBackendInternals, view: TensorInfo): void {
  backend.wasm.tfjs.disposeData(backend.dataIdMap.get(view.dataId).id);
  backend.dataIdMap.delete(view.dataId);
}
