import type { TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackendInternals } from './backend-internals';

const BYTES_PER_FLOAT = 4;
/** The wasm backend's code for float32 in its unary kernels. */
const FLOAT32_CODE = 0;

/**
 * Tensors on the wasm heap for one kernel call: owned buffers, aliases into other buffers, and a
 * matrix product that calls the backend's exported function directly (about a microsecond, where
 * a tfjs op costs tens). `release()` frees everything except the tensors handed back as outputs.
 */
export class WasmWorkspace {
  private readonly owned: TensorInfo[] = [];
  private readonly aliases: TensorInfo[] = [];
  private readonly shapes: number;

  constructor(private readonly backend: WasmBackendInternals) {
    this.shapes = backend.wasm._malloc(6 * 4);
  }

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

  /** A tensor id for `size` floats of `of` starting at element `start` (no copy). */
  alias(of: TensorInfo, start: number, shape: number[]): TensorInfo {
    const base = this.record(of).memoryOffset + start * BYTES_PER_FLOAT;
    const info = this.backend.makeOutput(shape, 'float32', base);
    this.aliases.push(info);
    return info;
  }

  /** A Float32Array over the tensor's bytes; invalid once the heap grows. */
  floats(info: TensorInfo): Float32Array {
    const size = info.shape.reduce((acc, n) => acc * n, 1);
    return new Float32Array(this.backend.wasm.HEAPU8.buffer, this.record(info).memoryOffset, size);
  }

  /** The heap's current buffer: views made over an older one are detached. */
  heapBuffer(): ArrayBufferLike {
    return this.backend.wasm.HEAPU8.buffer;
  }

  /** out[rows, cols] = a[rows, inner] · b[inner, cols] by XNNPACK; b's packing is cached by id. */
  multiply(
    a: TensorInfo,
    b: TensorInfo,
    out: TensorInfo,
    rows: number,
    inner: number,
    cols: number,
  ): void {
    const { wasm } = this.backend;
    const at = this.shapes / 4;
    wasm.HEAP32.set([1, rows, inner, 1, inner, cols], at);
    wasm._BatchMatMul(
      this.record(a).id,
      this.shapes,
      3,
      this.record(b).id,
      this.shapes + 12,
      3,
      0,
      0,
      this.record(out).id,
    );
  }

  /** out = sigmoid(x), element-wise, by the backend's exported kernel. */
  sigmoid(x: TensorInfo, out: TensorInfo): void {
    this.backend.wasm._Sigmoid(this.record(x).id, this.record(out).id);
  }

  /** out = tanh(x), element-wise, by the backend's exported kernel. */
  tanh(x: TensorInfo, out: TensorInfo): void {
    this.backend.wasm._Tanh(this.record(x).id, FLOAT32_CODE, this.record(out).id);
  }

  /** Forgets aliases early (and XNNPACK's packings cached under their ids); memory stays. */
  releaseAliases(...infos: TensorInfo[]): void {
    for (const info of infos) {
      const index = this.aliases.indexOf(info);
      if (index < 0) continue;
      this.aliases.splice(index, 1);
      this.forget(info);
    }
  }

  /** Frees the workspace tensors and forgets the aliases (which frees XNNPACK's cached packings). */
  release(): void {
    for (const info of this.aliases) this.forget(info);
    for (const info of this.owned) this.backend.disposeData(info.dataId);
    this.backend.wasm._free(this.shapes);
    this.aliases.length = 0;
    this.owned.length = 0;
  }

  /** Unregisters an alias's id without freeing the memory it points into. */
  private forget(info: TensorInfo): void {
    this.backend.wasm.tfjs.disposeData(this.record(info).id);
    this.backend.dataIdMap.delete(info.dataId);
  }

  private record(info: TensorInfo): { id: number; memoryOffset: number } {
    const record = this.backend.dataIdMap.get(info.dataId);
    if (record === undefined)
      throw new Error('wasm workspace: a tensor is not on the wasm backend');
    return record;
  }
}

/** Caches an object of views and rebuilds it only when the heap's buffer changes. */
export function viewsOnHeap<T>(workspace: WasmWorkspace, build: () => T): () => T {
  let buffer: ArrayBufferLike | null = null;
  let views: T | null = null;
  return () => {
    const current = workspace.heapBuffer();
    if (views === null || buffer !== current) {
      views = build();
      buffer = current;
    }
    return views;
  };
}
