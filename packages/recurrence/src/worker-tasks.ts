// Entry point loaded by @srnn/backend's worker threads (built to dist/worker-tasks.cjs): each
// function runs one share of a GRU recurrence on the worker's own wasm backend, reading its
// operands from the shared floats and writing its results back (layouts in share-layout.ts).
import type { TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackendInternals } from './backend-internals';
import { type ShareParams, backwardShareLayout, forwardShareLayout } from './share-layout';
import { backwardShare, forwardShare } from './wasm-gru';
import { WasmWorkspace } from './wasm-workspace';

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

/** A tensor of `shape` in `ws`, filled from the shared floats from `from`. */
function copiedIn(
  ws: WasmWorkspace,
  shape: number[],
  floats: Float32Array,
  from: number,
): TensorInfo {
  const info = ws.allocate(shape);
  const view = ws.floats(info);
  view.set(floats.subarray(from, from + view.length));
  return info;
}

/** A forward share: projection and kernel in; states and gates out. */
export function gruForwardTask({ tf, floats, params }: TaskContext): void {
  const backend = wasmBackendOf(tf);
  const { steps: T, sequences: S, units: U, timeMajor } = params;
  const at = forwardShareLayout(params);
  const ws = new WasmWorkspace(backend);
  try {
    const projection = copiedIn(
      ws,
      timeMajor ? [T, S, 3 * U] : [S, T, 3 * U],
      floats,
      at.projection,
    );
    const kernel = copiedIn(ws, [U, 3 * U], floats, at.kernel);
    const outputs = {
      lastState: ws.allocate([S, U]),
      states: ws.allocate([T, S, U]),
      gates: ws.allocate([T, S, 3 * U]),
    };
    const d = { steps: T, sequences: S, units: U, timeMajor };
    forwardShare(backend, d, { first: 0, total: S }, params, projection, kernel, outputs);
    floats.set(ws.floats(outputs.states), at.states);
    floats.set(ws.floats(outputs.gates), at.gates);
  } finally {
    ws.release();
  }
}

/** A backward share: last-state gradient, states, gates and kernel in; gradients out. */
export function gruBackwardTask({ tf, floats, params }: TaskContext): void {
  const backend = wasmBackendOf(tf);
  const { steps: T, sequences: S, units: U, timeMajor } = params;
  const at = backwardShareLayout(params);
  const ws = new WasmWorkspace(backend);
  try {
    const inputs = {
      lastStateGradient: copiedIn(ws, [S, U], floats, at.lastStateGradient),
      states: copiedIn(ws, [T, S, U], floats, at.states),
      gates: copiedIn(ws, [T, S, 3 * U], floats, at.gates),
      kernel: copiedIn(ws, [U, 3 * U], floats, at.kernel),
    };
    const outputs = {
      projectionGradient: ws.allocate(timeMajor ? [T, S, 3 * U] : [S, T, 3 * U]),
      kernelGradient: ws.allocate([U, 3 * U]),
    };
    const d = { steps: T, sequences: S, units: U, timeMajor };
    backwardShare(backend, d, { first: 0, total: S }, params, inputs, outputs);
    floats.set(ws.floats(outputs.projectionGradient), at.projectionGradient);
    floats.set(ws.floats(outputs.kernelGradient), at.kernelGradient);
  } finally {
    ws.release();
  }
}
