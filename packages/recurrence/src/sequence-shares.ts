// Splits a wasm recurrence (any cell) by sequences between this thread and @srnn/backend's worker
// threads: the sequences are independent, so each thread runs the same kernel on its share (the
// workers on copies in their own heaps) and the recurrent kernel's gradient is the sum of the
// shares' parts. A share whose worker is missing, fails or hangs runs here (see runShares).
import type { TensorInfo } from '@tensorflow/tfjs';
import {
  type ProductWorker,
  registerWorkerTasks,
  runShares,
  type Share,
  workerTasksFor,
  workersForRows,
} from '@srnn/backend';
import { heapFloats, type WasmBackendInternals } from '@srnn/backend/internals';
import { relaxedMultiplyAdd } from '@srnn/backend/products';
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
 * Recurrences with fewer recurrent-product FLOPs than this run on one thread. First measured with
 * a GRU at T = 8, U = 50 (2,048 sequences, 245 MFLOP: forward 14 -> 10 ms, backward 24 -> 17 ms
 * with one worker; 1,024 level; 512 and 256 slower). Level 0 of SRNN(8,2) on Amazon_F-shaped
 * batches (batch 100, T = 256: about 1,400 sequences of 4 steps after equal ones are merged, 83
 * MFLOP) runs faster shared than on one thread, with the worker's share below this thread's
 * (`bench/step-variants.ts` in apps/reproduce, variant level-0-one-thread), so the line is lower.
 */
export const MIN_SHARED_RECURRENCE_FLOPS = 6e7;

/** Each worker's share has at least this many sequences. */
const MIN_SEQUENCES_PER_SHARE = 64;

/**
 * A worker's share relative to this thread's (1: even). A worker's share costs more than the same
 * share here (it copies its operands into its own heap and its results back), so it gets less:
 * in steps taken in turns on Amazon_F-shaped batches, weights 0.6 and 0.7 ran faster than 0.8 and
 * 1. A fixed ratio, not one measured at run time, so that the split (and the order of the kernel
 * gradient's sums) depends on the thread count and the shapes only.
 */
export const RECURRENCE_WORKER_WEIGHT = 0.7;

let minSharedFlops = MIN_SHARED_RECURRENCE_FLOPS;
let workerWeight = RECURRENCE_WORKER_WEIGHT;
let workerShares = 0;

/** Changes the size from which recurrences are shared (tests use 0 to share small ones too). */
export function setMinSharedRecurrenceFlops(flops: number): void {
  minSharedFlops = flops;
}

/** Changes a worker's share relative to this thread's (tests and benchmarks compare ratios). */
export function setRecurrenceWorkerWeight(weight: number): void {
  if (!(weight > 0 && weight <= 2))
    throw new RangeError(`worker weight must be a number in (0, 2], got ${weight}`);
  workerWeight = weight;
}

/**
 * The sequences of this thread and of each of `helpers` workers: each worker gets `workerWeight`
 * times this thread's share, rounded down; this thread gets the rest.
 */
function weightedShares(sequences: number, helpers: number): [number, ...number[]] {
  const each = Math.floor((sequences * workerWeight) / (1 + helpers * workerWeight));
  return [sequences - each * helpers, ...new Array<number>(helpers).fill(each)];
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

/** A worker's share: its first sequence and what the task needs. */
interface SequenceShare {
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

/**
 * This thread's share (the first sequences) and the other shares with their workers (null: the
 * share runs here too), or just this thread's. How many shares there are depends on the thread
 * count and the sizes only, so sums over shares add up in the same order on every run.
 */
function planShares(
  plan: CellPlan,
  d: RecurrenceDimensions,
  sequenceGradient: boolean,
): { own: number; module: string | null; shares: Share<SequenceShare>[] } {
  const { steps: T, sequences: S, units: U } = d;
  const module = workerTasksModule();
  if (module === null || recurrentFlops(plan, d) < minSharedFlops)
    return { own: S, module, shares: [] };
  const helpers = workersForRows(S, MIN_SEQUENCES_PER_SHARE);
  const [own, ...sizes] = weightedShares(S, helpers.length);
  let first = own;
  return {
    own,
    module,
    shares: helpers.map((worker, i) => {
      const params: ShareParams = {
        plan,
        steps: T,
        sequences: sizes[i]!,
        units: U,
        timeMajor: d.timeMajor,
        reverse: d.reverse,
        sequenceGradient,
        relaxed: relaxedMultiplyAdd(),
      };
      const share = { first, params };
      first += params.sequences;
      return { worker, share };
    }),
  };
}

/** Starts `worker` on `share` (its floats already written), sending the plan's functions once. */
function startTask(
  worker: ProductWorker,
  module: string,
  exportName: string,
  { params }: SequenceShare,
): void {
  worker.startTask({
    module,
    exportName,
    params: { ...params, plan: planFor(worker, params.plan) },
  });
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
  const { own, module, shares } = planShares(plan, d, false);
  // Sequences [first, first + count) run here on the kernel's tensors.
  const runHere = (first: number, count: number): void =>
    forwardShare(backend, plan, { ...d, sequences: count }, { first, total: S }, tensors);
  const last = d.reverse ? 0 : T - 1;
  runShares(shares, {
    start(worker, share) {
      const { first, params } = share;
      const floats = worker.floats(forwardShareLayout(params).size) as Float32Array;
      const at = forwardShareLayout(params);
      const count = params.sequences;
      copySequences(
        heapFloats(backend, tensors.projection),
        { first, total: S },
        floats.subarray(at.projection, at.kernel),
        { first: 0, total: count },
        count,
        T,
        width,
        timeMajor,
      );
      floats.set(heapFloats(backend, tensors.kernel), at.kernel);
      startTask(worker, module!, 'recurrenceForwardTask', share);
    },
    own: () => runHere(0, own),
    collect(worker, { first, params }) {
      workerShares += 1;
      const count = params.sequences;
      const at = forwardShareLayout(params);
      const floats = worker.floats(0) as Float32Array;
      const from = { first: 0, total: count };
      const to = { first, total: S };
      tensors.states.forEach((states, part) => {
        const start = at.states + part * T * count * U;
        const copy = floats.subarray(start, start + T * count * U);
        copySequences(copy, from, heapFloats(backend, states), to, count, T, U, true);
      });
      const saved = floats.subarray(at.saved, at.size);
      copySequences(saved, from, heapFloats(backend, tensors.saved), to, count, T, SB, true);
      // The last state is the share's rows of part 0 at the last step run.
      const lastStep = floats.subarray(
        at.states + last * count * U,
        at.states + (last + 1) * count * U,
      );
      heapFloats(backend, tensors.lastState).set(lastStep, first * U);
    },
    runHere: ({ first, params }) => runHere(first, params.sequences),
  });
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
  const { own, module, shares } = planShares(plan, d, tensors.sequenceGradient !== null);
  // Sequences [first, first + count) run here; `kernelGradient` receives their part of the
  // recurrent kernel's gradient.
  const runHere = (first: number, count: number, kernelGradient: TensorInfo): void =>
    backwardShare(
      backend,
      plan,
      { ...d, sequences: count },
      { first, total: S },
      { ...tensors, kernelGradient },
    );
  // Each other share's part of the kernel gradient is added to this thread's, in share order.
  const addToKernelGradient = (partial: Float32Array): void => {
    const sum = heapFloats(backend, tensors.kernelGradient);
    for (let i = 0; i < sum.length; i += 1) sum[i] = sum[i]! + partial[i]!;
  };
  runShares(shares, {
    start(worker, share) {
      const { first, params } = share;
      const at = backwardShareLayout(params);
      const floats = worker.floats(at.size) as Float32Array;
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
      startTask(worker, module!, 'recurrenceBackwardTask', share);
    },
    own: () => runHere(0, own, tensors.kernelGradient),
    collect(worker, { first, params }) {
      workerShares += 1;
      const count = params.sequences;
      const at = backwardShareLayout(params);
      const floats = worker.floats(0) as Float32Array;
      copySequences(
        floats.subarray(at.projectionGradient, at.kernelGradient),
        { first: 0, total: count },
        heapFloats(backend, tensors.projectionGradient),
        { first, total: S },
        count,
        T,
        width,
        timeMajor,
      );
      addToKernelGradient(floats.subarray(at.kernelGradient, at.size));
    },
    runHere({ first, params }) {
      const part = backend.makeOutput([U, RB], 'float32');
      try {
        runHere(first, params.sequences, part);
        addToKernelGradient(heapFloats(backend, part));
      } finally {
        backend.disposeData(part.dataId);
      }
    },
  });
}
