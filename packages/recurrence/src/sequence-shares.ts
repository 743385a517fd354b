// Splits a wasm recurrence (any cell) by sequences between this thread and @srnn/backend's worker
// threads: the sequences are independent, so each thread runs the same kernel on its share (the
// workers on copies in their own heaps) and the recurrent kernel's gradient is the sum of the
// shares' parts. A worker that fails is retired and its share runs here.
import type { TensorInfo } from '@tensorflow/tfjs';
import {
  type ProductWorker,
  registerWorkerTasks,
  rowShares,
  workerTasksFor,
  workersForRows,
} from '@srnn/backend';
import { heapFloats, type WasmBackendInternals } from '@srnn/backend/internals';
import type { CellPlan } from './cell-plan';
import type { RecurrenceDimensions } from './recurrence-dimensions';
import { backwardShareLayout, forwardShareLayout, type ShareParams } from './share-layout';
import {
  backwardShare,
  forwardShare,
  type WasmBackwardTensors,
  type WasmForwardTensors,
} from './wasm-recurrence';

/**
 * Recurrences with fewer recurrent-product FLOPs than this run on one thread. Measured on two
 * cores (a GRU, T = 8, U = 50): 2,048 sequences (245 MFLOP) forward 14 -> 10 ms and backward 24 -> 17 ms
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

/** The name this package's worker tasks are registered under with @srnn/backend. */
const TASKS_ID = '@srnn/recurrence';
let registered = false;
// A tasks file set by useWorkerTasksModule (tests), in place of the registered one.
let tasksOverride: string | null | undefined;

/**
 * The built file of ./worker-tasks.ts that the workers load, or null when they cannot (sources
 * run before a build, or no worker threads here): then everything runs on this thread. Sources
 * (src/) and bundles (dist/) are both one folder below the package root.
 */
function workerTasksModule(): string | null {
  if (tasksOverride !== undefined) return tasksOverride;
  if (!registered) {
    registered = true;
    registerWorkerTasks(TASKS_ID, new URL('../dist/worker-tasks.cjs', import.meta.url));
  }
  return workerTasksFor(TASKS_ID);
}

/** Points the workers at another tasks file (tests: one whose tasks fail); undefined restores. */
export function useWorkerTasksModule(file: string | null | undefined): void {
  tasksOverride = file;
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

// The cells whose stage functions each worker has been sent (they come with its first task).
const sentPlans = new WeakMap<ProductWorker, Set<string>>();

/** The plan for `worker`'s task: without the stage functions once the worker has them. */
function planFor(worker: ProductWorker, plan: CellPlan): CellPlan {
  let sent = sentPlans.get(worker);
  if (sent === undefined) {
    sent = new Set();
    sentPlans.set(worker, sent);
  }
  if (sent.has(plan.key)) return { ...plan, functions: [] };
  sent.add(plan.key);
  return plan;
}

/** Recurrent-product FLOPs of a recurrence: 2 · steps · sequences · units · recurrent width. */
function recurrentFlops(plan: CellPlan, d: RecurrenceDimensions): number {
  return 2 * d.steps * d.sequences * plan.recurrentBlocks * d.units * d.units;
}

/** This thread's share (the first sequences) and the workers' shares, or just this thread's. */
function planShares(
  plan: CellPlan,
  d: RecurrenceDimensions,
  sequenceGradient: boolean,
): { own: number; module: string | null; workers: Omit<WorkerShare, 'first'>[] } {
  const { steps: T, sequences: S, units: U } = d;
  const module = workerTasksModule();
  if (module === null || recurrentFlops(plan, d) < minSharedFlops)
    return { own: S, module, workers: [] };
  const helpers = workersForRows(S, MIN_SEQUENCES_PER_SHARE);
  const [own, ...sizes] = rowShares(S, helpers.length + 1) as [number, ...number[]];
  return {
    own,
    module,
    workers: helpers.map((worker, i) => ({
      worker,
      params: {
        plan: planFor(worker, plan),
        steps: T,
        sequences: sizes[i]!,
        units: U,
        timeMajor: d.timeMajor,
        reverse: d.reverse,
        sequenceGradient,
      },
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
    // The worker may not have kept the plan: send it in full to whichever worker comes next.
    sentPlans.delete(share.worker);
    if (!failureReported) {
      failureReported = true;
      console.warn(
        `@srnn/recurrence: a worker thread failed on its share of a recurrence; the share ran on the calling thread and the worker was retired (${String(error).split('\n')[0]})`,
      );
    }
    return false;
  }
}

/** The forward recurrence of all sequences into `tensors`, shared with the worker threads. */
export function sharedForward(
  backend: WasmBackendInternals,
  plan: CellPlan,
  d: RecurrenceDimensions,
  tensors: WasmForwardTensors,
): void {
  const { steps: T, sequences: S, units: U, timeMajor } = d;
  const width = plan.inputBlocks * U;
  const SB = plan.savedBlocks * U;
  const shares = planShares(plan, d, false);
  const started = startShares(
    shares,
    'recurrenceForwardTask',
    (params) => forwardShareLayout(params).size,
    (floats, { first, params }) => {
      const at = forwardShareLayout(params);
      const into = floats.subarray(at.projection, at.kernel);
      const count = params.sequences;
      copySequences(
        heapFloats(backend, tensors.projection),
        { first, total: S },
        into,
        { first: 0, total: count },
        count,
        T,
        width,
        timeMajor,
      );
      floats.set(heapFloats(backend, tensors.kernel), at.kernel);
    },
  );
  // This thread's share, and any share whose worker failed, run here on the kernel's tensors.
  const runHere = (first: number, count: number): void =>
    forwardShare(backend, plan, { ...d, sequences: count }, { first, total: S }, tensors);
  runHere(0, shares.own);
  const last = d.reverse ? 0 : T - 1;
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
    tensors.states.forEach((states, part) => {
      const from = at.states + part * T * count * U;
      const copy = floats.subarray(from, from + T * count * U);
      copySequences(copy, own, heapFloats(backend, states), to, count, T, U, true);
    });
    const saved = floats.subarray(at.saved, at.size);
    copySequences(saved, own, heapFloats(backend, tensors.saved), to, count, T, SB, true);
    // The last state is the share's rows of part 0 at the last step run.
    const lastStep = floats.subarray(
      at.states + last * count * U,
      at.states + (last + 1) * count * U,
    );
    heapFloats(backend, tensors.lastState).set(lastStep, share.first * U);
  }
}

/** The backward recurrence of all sequences into `tensors`, shared with the worker threads. */
export function sharedBackward(
  backend: WasmBackendInternals,
  plan: CellPlan,
  d: RecurrenceDimensions,
  tensors: WasmBackwardTensors,
): void {
  const { steps: T, sequences: S, units: U, timeMajor } = d;
  const width = plan.inputBlocks * U;
  const SB = plan.savedBlocks * U;
  const RB = plan.recurrentBlocks * U;
  const shares = planShares(plan, d, tensors.sequenceGradient !== null);
  const started = startShares(
    shares,
    'recurrenceBackwardTask',
    (params) => backwardShareLayout(params).size,
    (floats, { first, params }) => {
      const at = backwardShareLayout(params);
      const count = params.sequences;
      const from = { first, total: S };
      const to = { first: 0, total: count };
      if (tensors.sequenceGradient !== null) {
        const into = floats.subarray(at.outputGradient, at.states);
        copySequences(
          heapFloats(backend, tensors.sequenceGradient),
          from,
          into,
          to,
          count,
          T,
          U,
          true,
        );
      } else {
        const all = heapFloats(backend, tensors.lastStateGradient!);
        floats.set(all.subarray(first * U, (first + count) * U), at.outputGradient);
      }
      tensors.states.forEach((states, part) => {
        const start = at.states + part * T * count * U;
        const into = floats.subarray(start, start + T * count * U);
        copySequences(heapFloats(backend, states), from, into, to, count, T, U, true);
      });
      const saved = floats.subarray(at.saved, at.kernel);
      copySequences(heapFloats(backend, tensors.saved), from, saved, to, count, T, SB, true);
      floats.set(heapFloats(backend, tensors.kernel), at.kernel);
    },
  );
  // This thread's share, and any share whose worker failed, run here; `kernelGradient` receives
  // the share's part of the recurrent kernel's gradient.
  const runHere = (first: number, count: number, kernelGradient: TensorInfo): void =>
    backwardShare(
      backend,
      plan,
      { ...d, sequences: count },
      { first, total: S },
      {
        ...tensors,
        kernelGradient,
      },
    );
  runHere(0, shares.own, tensors.kernelGradient);
  if (started.length === 0) return;
  // Each share's part of the kernel gradient is added to this thread's.
  const part = backend.makeOutput([U, RB], 'float32');
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
          heapFloats(backend, tensors.projectionGradient),
          { first: share.first, total: S },
          count,
          T,
          width,
          timeMajor,
        );
        partial = floats.subarray(at.kernelGradient, at.size);
      } else {
        runHere(share.first, count, part);
        partial = heapFloats(backend, part);
      }
      const sum = heapFloats(backend, tensors.kernelGradient);
      for (let i = 0; i < sum.length; i += 1) sum[i] = sum[i]! + partial[i]!;
    }
  } finally {
    backend.disposeData(part.dataId);
  }
}
