// Splits a wasm GRU recurrence by sequences between this thread and @srnn/backend's worker
// threads: the sequences are independent, so each thread runs the same kernel on its share (the
// workers on copies in their own heaps) and the recurrent kernel's gradient is the sum of the
// shares' parts. A worker that fails is retired and its share runs here.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TensorInfo } from '@tensorflow/tfjs';
import { type ProductWorker, rowShares, workersForRows } from '@srnn/backend';
import { heapFloats, type WasmBackendInternals } from './backend-internals';
import type { GruDimensions } from './gru-dimensions';
import type { GruKernelAttrs } from './gru-kernel-attrs';
import { backwardShareLayout, forwardShareLayout, type ShareParams } from './share-layout';
import {
  backwardShare,
  forwardShare,
  type BackwardInputs,
  type BackwardOutputs,
  type ForwardOutputs,
} from './wasm-gru';

/**
 * Recurrences with fewer recurrent-product FLOPs than this run on one thread. Measured on two
 * cores (T = 8, U = 50): 2,048 sequences (245 MFLOP) forward 14 -> 10 ms and backward 24 -> 17 ms
 * with one worker; 1,024 (123 MFLOP) level; 512 and 256 slower with the worker than without.
 */
export const MIN_SHARED_RECURRENCE_FLOPS = 1.5e8;

/** Each worker's share has at least this many sequences. */
const MIN_SEQUENCES_PER_SHARE = 64;

let minSharedFlops = MIN_SHARED_RECURRENCE_FLOPS;
let workerShares = 0;

/** Changes the size from which recurrences are shared (tests use 0 to share small ones too). */
export function setMinSharedRecurrenceFlops(flops: number): void {
  minSharedFlops = flops;
}

/** Shares of forward or backward recurrences the worker threads have run in this process. */
export function recurrenceWorkerShares(): number {
  return workerShares;
}

let tasksModule: string | null | undefined;

/**
 * The built file of ./worker-tasks.ts that the workers load, or null when there is none (e.g.
 * sources run before a build): then everything runs on this thread. Sources (src/) and bundles
 * (dist/) are both one folder below the package root.
 */
function workerTasksModule(): string | null {
  if (tasksModule === undefined) {
    try {
      const file = fileURLToPath(new URL('../dist/worker-tasks.cjs', import.meta.url));
      tasksModule = existsSync(file) ? file : null;
    } catch {
      tasksModule = null;
    }
  }
  return tasksModule;
}

/** Points the workers at another tasks file (tests: one whose tasks fail); undefined restores. */
export function useWorkerTasksModule(file: string | null | undefined): void {
  tasksModule = file;
}

/**
 * Copies `count` sequences of a tensor laid out [steps, sequences, width] (`timeMajor`) or
 * [sequences, steps, width], from sequence `from.first` of `from.total` to `to.first` of `to.total`.
 */
function copySequences(
  source: Float32Array,
  from: { first: number; total: number },
  target: Float32Array,
  to: { first: number; total: number },
  count: number,
  steps: number,
  width: number,
  timeMajor: boolean,
): void {
  if (!timeMajor) {
    const length = count * steps * width;
    const start = from.first * steps * width;
    target.set(source.subarray(start, start + length), to.first * steps * width);
    return;
  }
  for (let t = 0; t < steps; t += 1) {
    const start = (t * from.total + from.first) * width;
    target.set(source.subarray(start, start + count * width), (t * to.total + to.first) * width);
  }
}

interface WorkerShare {
  worker: ProductWorker;
  first: number;
  params: ShareParams;
}

/** This thread's share (the first sequences) and the workers' shares, or just this thread's. */
function planShares(
  d: GruDimensions,
  attrs: GruKernelAttrs,
): { own: number; module: string | null; workers: Omit<WorkerShare, 'first'>[] } {
  const { steps: T, sequences: S, units: U } = d;
  const module = workerTasksModule();
  if (module === null || 2 * T * S * 3 * U * U < minSharedFlops)
    return { own: S, module, workers: [] };
  const helpers = workersForRows(S, MIN_SEQUENCES_PER_SHARE);
  const [own, ...sizes] = rowShares(S, helpers.length + 1) as [number, ...number[]];
  return {
    own,
    module,
    workers: helpers.map((worker, i) => ({
      worker,
      params: { ...attrs, steps: T, sequences: sizes[i]!, units: U },
    })),
  };
}

/** Starts each worker's share with `write` filling its floats; returns the shares in order. */
function startShares(
  plan: ReturnType<typeof planShares>,
  exportName: string,
  size: (params: ShareParams) => number,
  write: (floats: Float32Array, share: WorkerShare) => void,
): WorkerShare[] {
  let first = plan.own;
  return plan.workers.map(({ worker, params }) => {
    const share = { worker, first, params };
    write(worker.floats(size(params)) as Float32Array, share);
    worker.startTask({ module: plan.module!, exportName, params });
    first += params.sequences;
    return share;
  });
}

let failureReported = false;

/** Waits for a worker's share; false (the worker retired, said once) when it failed. */
function finished(share: WorkerShare): boolean {
  try {
    share.worker.finish();
    workerShares += 1;
    return true;
  } catch (error) {
    if (!failureReported) {
      failureReported = true;
      console.warn(
        `@srnn/recurrence: a worker thread failed on its share of a GRU recurrence; the share ran on the calling thread and the worker was retired (${String(error).split('\n')[0]})`,
      );
    }
    return false;
  }
}

/** The forward recurrence of all sequences into `outputs`, shared with the worker threads. */
export function sharedForward(
  backend: WasmBackendInternals,
  d: GruDimensions,
  attrs: GruKernelAttrs,
  projection: TensorInfo,
  kernel: TensorInfo,
  outputs: ForwardOutputs,
): void {
  const { steps: T, sequences: S, units: U, timeMajor } = d;
  const plan = planShares(d, attrs);
  const started = startShares(
    plan,
    'gruForwardTask',
    (params) => forwardShareLayout(params).size,
    (floats, { first, params }) => {
      const at = forwardShareLayout(params);
      const into = floats.subarray(at.projection, at.kernel);
      const from = { first, total: S };
      copySequences(
        heapFloats(backend, projection),
        from,
        into,
        { first: 0, total: params.sequences },
        params.sequences,
        T,
        3 * U,
        timeMajor,
      );
      floats.set(heapFloats(backend, kernel), at.kernel);
    },
  );
  // This thread's share, and any share whose worker failed, run here on the kernel's tensors.
  const runHere = (first: number, count: number): void =>
    forwardShare(
      backend,
      { ...d, sequences: count },
      { first, total: S },
      attrs,
      projection,
      kernel,
      outputs,
    );
  runHere(0, plan.own);
  for (const share of started) {
    const count = share.params.sequences;
    if (!finished(share)) {
      runHere(share.first, count);
      continue;
    }
    const at = forwardShareLayout(share.params);
    const floats = share.worker.floats(0) as Float32Array;
    const own = { first: 0, total: count };
    const to = { first: share.first, total: S };
    const states = heapFloats(backend, outputs.states);
    copySequences(floats.subarray(at.states, at.gates), own, states, to, count, T, U, true);
    copySequences(
      floats.subarray(at.gates, at.size),
      own,
      heapFloats(backend, outputs.gates),
      to,
      count,
      T,
      3 * U,
      true,
    );
    // The last state is the share's rows of the last step.
    const lastStep = floats.subarray(at.states + (T - 1) * count * U, at.gates);
    heapFloats(backend, outputs.lastState).set(lastStep, share.first * U);
  }
}

/** The backward recurrence of all sequences into `outputs`, shared with the worker threads. */
export function sharedBackward(
  backend: WasmBackendInternals,
  d: GruDimensions,
  attrs: GruKernelAttrs,
  inputs: BackwardInputs,
  outputs: BackwardOutputs,
): void {
  const { steps: T, sequences: S, units: U, timeMajor } = d;
  const plan = planShares(d, attrs);
  const started = startShares(
    plan,
    'gruBackwardTask',
    (params) => backwardShareLayout(params).size,
    (floats, { first, params }) => {
      const at = backwardShareLayout(params);
      const count = params.sequences;
      const from = { first, total: S };
      const to = { first: 0, total: count };
      floats.set(
        heapFloats(backend, inputs.lastStateGradient).subarray(first * U, (first + count) * U),
        at.lastStateGradient,
      );
      copySequences(
        heapFloats(backend, inputs.states),
        from,
        floats.subarray(at.states, at.gates),
        to,
        count,
        T,
        U,
        true,
      );
      copySequences(
        heapFloats(backend, inputs.gates),
        from,
        floats.subarray(at.gates, at.kernel),
        to,
        count,
        T,
        3 * U,
        true,
      );
      floats.set(heapFloats(backend, inputs.kernel), at.kernel);
    },
  );
  // This thread's share, and any share whose worker failed, run here; `kernelGradient` receives
  // the share's part of the recurrent kernel's gradient.
  const runHere = (first: number, count: number, kernelGradient: TensorInfo): void =>
    backwardShare(backend, { ...d, sequences: count }, { first, total: S }, attrs, inputs, {
      projectionGradient: outputs.projectionGradient,
      kernelGradient,
    });
  runHere(0, plan.own, outputs.kernelGradient);
  if (started.length === 0) return;
  // Each share's part of the kernel gradient is added to this thread's.
  const part = backend.makeOutput([U, 3 * U], 'float32');
  try {
    for (const share of started) {
      const count = share.params.sequences;
      const at = backwardShareLayout(share.params);
      let partial: Float32Array;
      if (finished(share)) {
        const floats = share.worker.floats(0) as Float32Array;
        copySequences(
          floats.subarray(at.projectionGradient, at.kernelGradient),
          { first: 0, total: count },
          heapFloats(backend, outputs.projectionGradient),
          { first: share.first, total: S },
          count,
          T,
          3 * U,
          timeMajor,
        );
        partial = floats.subarray(at.kernelGradient, at.size);
      } else {
        runHere(share.first, count, part);
        partial = heapFloats(backend, part);
      }
      const sum = heapFloats(backend, outputs.kernelGradient);
      for (let i = 0; i < sum.length; i += 1) sum[i] = sum[i]! + partial[i]!;
    }
  } finally {
    backend.disposeData(part.dataId);
  }
}
