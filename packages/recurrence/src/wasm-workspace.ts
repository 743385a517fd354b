import type { TensorInfo } from '@tensorflow/tfjs';
import { heapFloats, type WasmBackendInternals } from '@srnn/backend/internals';

/**
 * Tensors on the wasm heap for one kernel call. `release()` frees everything except the tensors
 * handed back as outputs.
 */
export class WasmWorkspace {
  private readonly owned: TensorInfo[] = [];

  constructor(private readonly backend: WasmBackendInternals) {}

  /** A new float32 tensor on the heap, freed by `release()` unless handed over first. */
  allocate(shape: number[]): TensorInfo {
    const info = this.backend.makeOutput(shape, 'float32');
    this.owned.push(info);
    return info;
  }

  /** Takes tensors out of the workspace (the kernel's outputs) so `release()` keeps them. */
  handOver<T extends TensorInfo[]>(...infos: T): T {
    for (const info of infos) {
      const index = this.owned.indexOf(info);
      if (index >= 0) this.owned.splice(index, 1);
    }
    return infos;
  }

  /** A Float32Array over the tensor's bytes; invalid once the heap grows. */
  floats(info: TensorInfo): Float32Array {
    return heapFloats(this.backend, info);
  }

  /** The tensor's byte offset on the heap; unlike a view it stays valid when the heap grows. */
  address(info: TensorInfo): number {
    return this.record(info).memoryOffset;
  }

  /** Frees the workspace tensors. */
  release(): void {
    for (const info of this.owned) this.backend.disposeData(info.dataId);
    this.owned.length = 0;
  }

  private record(info: TensorInfo): { id: number; memoryOffset: number } {
    const record = this.backend.dataIdMap.get(info.dataId);
    if (record === undefined)
      throw new Error('wasm workspace: a tensor is not on the wasm backend');
    return record;
  }
}
