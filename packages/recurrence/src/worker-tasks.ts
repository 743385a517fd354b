// Entry point loaded by @srnn/backend's worker threads (built to dist/worker-tasks.cjs): each
// function runs one share of a cell's recurrence on the worker's own wasm backend, reading its
// operands from the shared floats and writing its results back (layouts in share-layout.ts).
import type { TensorInfo } from '@tensorflow/tfjs';
import { type WasmBackendInternals, wasmInternals } from '@srnn/backend/internals';
import { setMultiplyAdd } from '@srnn/backend/products';
import type { CellPlan } from './cell-plan';
import { type ShareParams, backwardShareLayout, forwardShareLayout } from './share-layout';
import { backwardShare, forwardShare } from './wasm-recurrence';
import { WasmWorkspace } from './wasm-workspace';

/** What a worker passes to a task (see WorkerTask in @srnn/backend). */
interface TaskContext {
  tf: { backend(): unknown; getBackend(): string };
  floats: Float32Array;
  params: ShareParams;
  /** Shows the calling thread that this worker is still working (called once per step). */
  progress: () => void;
}

// Plans by cell key: a plan's stage functions come with the first task of the cell only.
const plans = new Map<string, CellPlan>();

function planOf(params: ShareParams): CellPlan {
  if (params.plan.functions.length > 0) plans.set(params.plan.key, params.plan);
  const plan = plans.get(params.plan.key);
  if (plan === undefined)
    throw new Error(`worker has no stage functions of cell '${params.plan.key}'`);
  return plan;
}

function wasmBackendOf(tf: TaskContext['tf']): WasmBackendInternals {
  if (tf.getBackend() !== 'wasm') throw new Error(`worker backend is ${tf.getBackend()}, not wasm`);
  return wasmInternals(tf.backend());
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

/** A forward share: projection and kernel in; states and saved values out. */
export function recurrenceForwardTask({ tf, floats, params, progress }: TaskContext): void {
  const backend = wasmBackendOf(tf);
  // The products multiply and add as the calling thread's do, so each row has the same bits.
  setMultiplyAdd(params.relaxed ? 'auto' : 'separate');
  const plan = planOf(params);
  const { steps: T, sequences: S, units: U, timeMajor, reverse } = params;
  const at = forwardShareLayout(params);
  const width = plan.inputBlocks * U;
  const ws = new WasmWorkspace(backend);
  try {
    const tensors = {
      projection: copiedIn(ws, timeMajor ? [T, S, width] : [S, T, width], floats, at.projection),
      kernel: copiedIn(ws, [U, plan.recurrentBlocks * U], floats, at.kernel),
      lastState: ws.allocate([S, U]),
      states: Array.from({ length: plan.parts }, () => ws.allocate([T, S, U])),
      saved: ws.allocate([T, S, plan.savedBlocks * U]),
    };
    const d = { steps: T, sequences: S, units: U, timeMajor, reverse };
    forwardShare(backend, plan, d, { first: 0, total: S }, tensors, progress);
    tensors.states.forEach((s, part) => floats.set(ws.floats(s), at.states + part * T * S * U));
    floats.set(ws.floats(tensors.saved), at.saved);
  } finally {
    ws.release();
  }
}

/** A backward share: output gradient, states, saved values and kernel in; gradients out. */
export function recurrenceBackwardTask({ tf, floats, params, progress }: TaskContext): void {
  const backend = wasmBackendOf(tf);
  // The products multiply and add as the calling thread's do, so each row has the same bits.
  setMultiplyAdd(params.relaxed ? 'auto' : 'separate');
  const plan = planOf(params);
  const { steps: T, sequences: S, units: U, timeMajor, reverse } = params;
  const at = backwardShareLayout(params);
  const width = plan.inputBlocks * U;
  const ws = new WasmWorkspace(backend);
  try {
    const outputGradient = params.sequenceGradient
      ? copiedIn(ws, [T, S, U], floats, at.outputGradient)
      : copiedIn(ws, [S, U], floats, at.outputGradient);
    const tensors = {
      lastStateGradient: params.sequenceGradient ? null : outputGradient,
      sequenceGradient: params.sequenceGradient ? outputGradient : null,
      states: Array.from({ length: plan.parts }, (_, part) =>
        copiedIn(ws, [T, S, U], floats, at.states + part * T * S * U),
      ),
      saved: copiedIn(ws, [T, S, plan.savedBlocks * U], floats, at.saved),
      kernel: copiedIn(ws, [U, plan.recurrentBlocks * U], floats, at.kernel),
      projectionGradient: ws.allocate(timeMajor ? [T, S, width] : [S, T, width]),
      kernelGradient: ws.allocate([U, plan.recurrentBlocks * U]),
    };
    const d = { steps: T, sequences: S, units: U, timeMajor, reverse };
    backwardShare(backend, plan, d, { first: 0, total: S }, tensors, progress);
    floats.set(ws.floats(tensors.projectionGradient), at.projectionGradient);
    floats.set(ws.floats(tensors.kernelGradient), at.kernelGradient);
  } finally {
    ws.release();
  }
}
