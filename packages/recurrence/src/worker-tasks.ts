// Entry point loaded by @srnn/backend's worker threads (built to dist/worker-tasks.cjs): each
// function runs one share of a GRU recurrence on the worker's own wasm backend, reading its
// operands from the shared floats and writing its results back (layouts in share-layout.ts).
import type { TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackendInternals } from './backend-internals';
import { type ShareParams, backwardShareLayout, forwardShareLayout } from './share-layout';
import { backwardShare, forwardShare } from './wasm-gru';

/** What a worker passes to a task (see WorkerTask in @srnn/backend). */
interface TaskContext {
  tf: { backend(): unknown; getBackend(): string };
  floats: Float32Array;
  params: ShareParams;
}

function wasmBackendOf(tf: TaskContext['tf']): WasmBackendInternals {
  if (tf.getBackend() !== 'wasm') throw new Error(`worker backend is ${tf.getBackend()}, not wasm`);
  return tf.backend() as WasmBackendInternals;
}

/** Tensors on the worker's heap, freed together. */
class HeapTensors {
  private readonly made: TensorInfo[] = [];
  constructor(private readonly backend: WasmBackendInternals) {}

  /** A tensor of `shape`, filled from the shared floats at `from` when given. */
  make(shape: number[], floats?: Float32Array, from = 0): TensorInfo {
    const info = this.backend.makeOutput(shape, 'float32');
    this.made.push(info);
    if (floats !== undefined) this.view(info).set(floats.subarray(from, from + this.sizeOf(info)));
    return info;
  }

  /** The tensor's floats on the heap (valid until the next allocation). */
  view(info: TensorInfo): Float32Array {
    const offset = this.backend.dataIdMap.get(info.dataId)!.memoryOffset;
    return new Float32Array(this.backend.wasm.HEAPU8.buffer, offset, this.sizeOf(info));
  }

  release(): void {
    for (const info of this.made) this.backend.disposeData(info.dataId);
  }

  private sizeOf(info: TensorInfo): number {
    return info.shape.reduce((a, b) => a * b, 1);
  }
}

/** A forward share: projection and kernel in; states and gates out. */
export function gruForwardTask({ tf, floats, params }: TaskContext): void {
  const backend = wasmBackendOf(tf);
  const { steps: T, sequences: S, units: U, timeMajor } = params;
  const at = forwardShareLayout(params);
  const heap = new HeapTensors(backend);
  try {
    const projection = heap.make(timeMajor ? [T, S, 3 * U] : [S, T, 3 * U], floats, at.projection);
    const kernel = heap.make([U, 3 * U], floats, at.kernel);
    const outputs = {
      lastState: heap.make([S, U]),
      states: heap.make([T, S, U]),
      gates: heap.make([T, S, 3 * U]),
    };
    const d = { steps: T, sequences: S, units: U, timeMajor };
    forwardShare(backend, d, { first: 0, total: S }, params, projection, kernel, outputs);
    floats.set(heap.view(outputs.states), at.states);
    floats.set(heap.view(outputs.gates), at.gates);
  } finally {
    heap.release();
  }
}

/** A backward share: last-state gradient, states, gates and kernel in; gradients out. */
export function gruBackwardTask({ tf, floats, params }: TaskContext): void {
  const backend = wasmBackendOf(tf);
  const { steps: T, sequences: S, units: U, timeMajor } = params;
  const at = backwardShareLayout(params);
  const heap = new HeapTensors(backend);
  try {
    const inputs = {
      lastStateGradient: heap.make([S, U], floats, at.lastStateGradient),
      states: heap.make([T, S, U], floats, at.states),
      gates: heap.make([T, S, 3 * U], floats, at.gates),
      kernel: heap.make([U, 3 * U], floats, at.kernel),
    };
    const outputs = {
      projectionGradient: heap.make(timeMajor ? [T, S, 3 * U] : [S, T, 3 * U]),
      kernelGradient: heap.make([U, 3 * U]),
    };
    const d = { steps: T, sequences: S, units: U, timeMajor };
    backwardShare(backend, d, { first: 0, total: S }, params, inputs, outputs);
    floats.set(heap.view(outputs.projectionGradient), at.projectionGradient);
    floats.set(heap.view(outputs.kernelGradient), at.kernelGradient);
  } finally {
    heap.release();
  }
}
