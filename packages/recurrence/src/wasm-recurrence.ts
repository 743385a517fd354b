// Any cell's recurrence on one wasm backend's heap, forward and backward, for all sequences or for
// one share of them. The calling thread's kernels and the worker threads' tasks both run these.
import type { TensorInfo } from '@tensorflow/tfjs';
import { heapFloats, type WasmBackendInternals } from '@srnn/backend/internals';
import type { CellPlan } from './cell-plan';
import { type CellSimd, cellSimdFor } from './cell-simd';
import type { RecurrenceDimensions } from './recurrence-dimensions';
import { productSteps, runBackward, runForward, type StepBuffers } from './recurrence-loops';
import { packPanels } from '@srnn/backend/products';
import { type ProductSimd, productSimdFor, type RowBlock, type Rows } from './simd-runtime';
import { WasmWorkspace } from './wasm-workspace';

const F = 4; // bytes per float32

/** Rows of the kernel gradient's sum per call: the block's operands stay in cache across tiles. */
export const KERNEL_GRADIENT_BLOCK_ROWS = 256;

/**
 * Sequences per block of the recurrence: each block runs through every step before the next, so
 * its rows (512 × 150 floats of gates: 300 KB) stay in L2 from one phase and step to the next,
 * where all of level 0's at batch 100 (6,400 × 150 floats per step) would stream from memory.
 * Measured on one thread (GRU, T = 8, U = 50): 256 to 1,024 sequences cost the same per sequence,
 * 6,400 at once about 1.5 times as much.
 */
export const RECURRENCE_BLOCK_SEQUENCES = 512;

let recurrenceBlock = RECURRENCE_BLOCK_SEQUENCES;

/** Changes the sequences per block (tests compare block sizes bit for bit; benchmarks time them). */
export function setRecurrenceBlockSequences(sequences: number): void {
  if (!(Number.isInteger(sequences) && sequences >= 1)) {
    throw new RangeError(`sequences per block must be a whole number, 1 or more; got ${sequences}`);
  }
  recurrenceBlock = sequences;
}

/**
 * Which sequences of the kernel's tensors a run covers: `d.sequences` of them from `first`, out of
 * `total`. A kernel split between threads runs one share here (the others on worker threads).
 */
export interface SequenceShare {
  first: number;
  total: number;
}

/** The products and the cell's stages on the backend's heap, or null (no WebAssembly SIMD). */
export function wasmSimd(
  backend: WasmBackendInternals,
  plan?: CellPlan,
): { products: ProductSimd; stages: CellSimd | null } | null {
  const memory = backend.wasm.asm?.memory;
  const products = productSimdFor(memory);
  if (products === null) return null;
  return { products, stages: plan ? cellSimdFor(plan, memory) : null };
}

function requireSimd(backend: WasmBackendInternals, plan: CellPlan) {
  const simd = wasmSimd(backend, plan);
  if (simd === null || simd.stages === null) {
    throw new Error('the wasm recurrence kernels need WebAssembly SIMD');
  }
  return { products: simd.products, stages: simd.stages };
}

/**
 * Columns [from, from + cols) of the row-major [rows, stride] `kernel`, optionally transposed,
 * written into the workspace tensor `into` as packed panels (see packPanels): the right operand
 * of a per-step product, packed once per kernel call.
 */
function packKernelColumns(
  ws: WasmWorkspace,
  into: TensorInfo,
  kernelTensor: TensorInfo,
  rows: number,
  stride: number,
  from: number,
  cols: number,
  transpose: boolean,
): void {
  // The view is taken here, after the caller's allocations: a heap that grows detaches views made
  // before, and a detached view reads as empty (every element undefined, so NaN weights).
  const kernel = ws.floats(kernelTensor);
  const plain = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j < cols; j += 1) {
      plain[transpose ? j * rows + i : i * cols + j] = kernel[i * stride + from + j]!;
    }
  }
  const [inner, outCols] = transpose ? [cols, rows] : [rows, cols];
  packPanels(ws.floats(into), 0, plain, 0, inner, outCols);
}

/**
 * Addresses of the tensors' rows on the heap. Offsets, unlike views, survive the heap growing.
 * Rows of the kernel's own tensors are those of the share's sequences; projection-layout rows
 * (step t, sequence s) are in either layout.
 */
function addressing(
  plan: CellPlan,
  d: RecurrenceDimensions,
  ws: WasmWorkspace,
  share: SequenceShare,
) {
  const { steps: T, units: U, timeMajor } = d;
  const { first, total } = share;
  const width = plan.inputBlocks * U;
  return {
    /** Rows of `cols` floats from element `start` of a workspace buffer. */
    rows: (info: TensorInfo, start: number, cols: number): Rows => ({
      at: ws.address(info) + start * F,
      stride: cols * F,
    }),
    /** The share's rows of a [total, cols] tensor. */
    sequenceRows: (info: TensorInfo, cols: number): Rows => ({
      at: ws.address(info) + first * cols * F,
      stride: cols * F,
    }),
    /** The share's rows of step t of a [T, total, cols] tensor, from column `column`. */
    stepRows: (info: TensorInfo, t: number, cols: number, column = 0): Rows => ({
      at: ws.address(info) + ((t * total + first) * cols + column) * F,
      stride: cols * F,
    }),
    /** Block `block` of the projection-layout rows of step t. */
    projection: (info: TensorInfo, t: number, block: number): Rows => ({
      at:
        ws.address(info) +
        ((timeMajor ? t * total + first : first * T + t) * width + block * U) * F,
      stride: (timeMajor ? width : T * width) * F,
    }),
  };
}

/** The tensors of a forward pass on the wasm heap (all sequences'; a share uses its rows). */
export interface WasmForwardTensors {
  projection: TensorInfo;
  kernel: TensorInfo;
  lastState: TensorInfo;
  /** [T, total, U] per state part. */
  states: TensorInfo[];
  /** [T, total, savedBlocks * U]. */
  saved: TensorInfo;
}

/** The tensors of a backward pass on the wasm heap. */
export interface WasmBackwardTensors {
  /** [total, U], or null when every state's gradient is given instead. */
  lastStateGradient: TensorInfo | null;
  /** [T, total, U], the gradient of every state of part 0; or null. */
  sequenceGradient: TensorInfo | null;
  states: TensorInfo[];
  saved: TensorInfo;
  kernel: TensorInfo;
  projectionGradient: TensorInfo;
  kernelGradient: TensorInfo;
}

/** Runs the forward recurrence of `share`'s sequences (d.sequences of them). */
export function forwardShare(
  backend: WasmBackendInternals,
  plan: CellPlan,
  d: RecurrenceDimensions,
  share: SequenceShare,
  tensors: WasmForwardTensors,
  progress?: () => void,
): void {
  const { products, stages } = requireSimd(backend, plan);
  const ws = new WasmWorkspace(backend);
  try {
    const { steps: T, sequences: S, units: U } = d;
    const RB = plan.recurrentBlocks;
    const block = Math.min(S, recurrenceBlock);
    const phases = plan.phases.map((phase) => {
      const packed = ws.allocate([U, phase.count * U]);
      packKernelColumns(
        ws,
        packed,
        tensors.kernel,
        U,
        RB * U,
        phase.first * U,
        phase.count * U,
        false,
      );
      return {
        ...phase,
        packed,
        recurrent: ws.allocate([block, phase.count * U]),
        operand: ws.allocate([block, U]),
      };
    });
    const zeroRow = ws.allocate([U]);
    ws.floats(zeroRow).fill(0);
    const phaseOf = (b: number) => phases.find((p) => b < p.first + p.count)!;
    const SB = plan.savedBlocks;
    // Blocks of sequences, each through every step: a block's rows stay in cache from one phase
    // and step to the next (every sequence is independent, so the results are the same bits).
    for (let first = 0; first < S; first += block) {
      const rows = Math.min(block, S - first);
      const heap = addressing(plan, d, ws, { first: share.first + first, total: share.total });
      const buffers: StepBuffers<Rows> = {
        zero: { at: ws.address(zeroRow), stride: 0 },
        projection: (t, b) => heap.projection(tensors.projection, t, b),
        state: (t, part) => heap.stepRows(tensors.states[part]!, t, U),
        saved: (t, b) => heap.stepRows(tensors.saved, t, SB * U, b * U),
        recurrent: (b) => {
          const p = phaseOf(b);
          return heap.rows(p.recurrent, (b - p.first) * U, p.count * U);
        },
        operand: (phase) => heap.rows(phases[phase]!.operand, 0, U),
        operandAt: unavailable,
        carried: unavailable,
        fromProduct: { at: 0, stride: 0 },
        operandGradient: unavailable,
        blockGradient: unavailable,
        projectionGradient: unavailable,
      };
      runForward(plan, T, d.reverse, buffers, {
        product: (phase, previous) => {
          const p = phases[phase]!;
          const a =
            phase === 0 ? buffers.state(previous, plan.productState) : buffers.operand(phase);
          products.multiplyPacked(
            heap.rows(p.recurrent, 0, p.count * U),
            a,
            ws.address(p.packed),
            rows,
            U,
            p.count * U,
          );
        },
        transposedProduct: unavailable,
        stage: (stage, streams) => stages.run(stage, rows, U, streams),
        ...(progress && { stepDone: progress }),
      });
    }
    // The last state is part 0 of the last step run.
    const last = d.reverse ? 0 : T - 1;
    const states = heapFloats(backend, tensors.states[0]!);
    const from = (last * share.total + share.first) * U;
    heapFloats(backend, tensors.lastState).set(
      states.subarray(from, from + S * U),
      share.first * U,
    );
  } finally {
    ws.release();
  }
}

function unavailable(): never {
  throw new Error('a stream role was used in the wrong direction');
}

/**
 * Back-propagates `share`'s sequences: their rows of the projection gradient, and their part of
 * the recurrent kernel's gradient (written to `tensors.kernelGradient`, not added).
 */
export function backwardShare(
  backend: WasmBackendInternals,
  plan: CellPlan,
  d: RecurrenceDimensions,
  share: SequenceShare,
  tensors: WasmBackwardTensors,
  progress?: () => void,
): void {
  const { products, stages } = requireSimd(backend, plan);
  const ws = new WasmWorkspace(backend);
  try {
    runBackwardShare(backend, plan, d, share, tensors, { products, stages, ws, progress });
  } finally {
    ws.release();
  }
}

function runBackwardShare(
  backend: WasmBackendInternals,
  plan: CellPlan,
  d: RecurrenceDimensions,
  share: SequenceShare,
  tensors: WasmBackwardTensors,
  {
    products,
    stages,
    ws,
    progress,
  }: { products: ProductSimd; stages: CellSimd; ws: WasmWorkspace; progress?: () => void },
): void {
  const { steps: T, sequences: S, units: U, timeMajor } = d;
  const RB = plan.recurrentBlocks;
  const SB = plan.savedBlocks;
  const width = plan.inputBlocks * U;
  const block = Math.min(S, recurrenceBlock);
  const phases = plan.phases.map((phase, index) => {
    const transposed = ws.allocate([phase.count * U, U]);
    packKernelColumns(
      ws,
      transposed,
      tensors.kernel,
      U,
      RB * U,
      phase.first * U,
      phase.count * U,
      true,
    );
    return {
      ...phase,
      transposed,
      blockGradient: ws.allocate([block, phase.count * U]),
      // Phase 0's operand is a state part; later phases' operands are kept for every step and
      // sequence, for the kernel gradient below.
      operandAt: index > 0 ? ws.allocate([T, S, U]) : null,
      operandGradient: index > 0 ? ws.allocate([block, U]) : null,
    };
  });
  const carried = Array.from({ length: plan.parts }, () => ws.allocate([block, U]));
  const fromProduct = ws.allocate([block, U]);
  const zeroRow = ws.allocate([U]);
  ws.floats(zeroRow).fill(0);
  const phaseOf = (b: number) => phases.find((p) => b < p.first + p.count)!;
  const sequenceGradient = tensors.sequenceGradient;
  // Blocks of sequences, each back through every step (see forwardShare).
  for (let first = 0; first < S; first += block) {
    const rows = Math.min(block, S - first);
    const heap = addressing(plan, d, ws, { first: share.first + first, total: share.total });
    for (const c of carried) ws.floats(c).fill(0);
    if (tensors.lastStateGradient !== null) {
      const from = heapFloats(backend, tensors.lastStateGradient);
      const start = (share.first + first) * U;
      ws.floats(carried[0]!).set(from.subarray(start, start + rows * U));
    }
    const buffers: StepBuffers<Rows> = {
      zero: { at: ws.address(zeroRow), stride: 0 },
      projection: unavailable,
      state: (t, part) => heap.stepRows(tensors.states[part]!, t, U),
      saved: (t, b) => heap.stepRows(tensors.saved, t, SB * U, b * U),
      recurrent: unavailable,
      operand: unavailable,
      operandAt: (t, phase) => heap.rows(phases[phase]!.operandAt!, (t * S + first) * U, U),
      carried: (part) => heap.rows(carried[part]!, 0, U),
      fromProduct: heap.rows(fromProduct, 0, U),
      operandGradient: (phase) => heap.rows(phases[phase]!.operandGradient!, 0, U),
      blockGradient: (b) => {
        const p = phaseOf(b);
        return heap.rows(p.blockGradient, (b - p.first) * U, p.count * U);
      },
      projectionGradient: (t, b) => heap.projection(tensors.projectionGradient, t, b),
    };
    runBackward(plan, T, d.reverse, buffers, {
      product: unavailable,
      transposedProduct: (phase) => {
        const p = phases[phase]!;
        products.multiplyPacked(
          phase === 0 ? buffers.fromProduct : buffers.operandGradient(phase),
          heap.rows(p.blockGradient, 0, p.count * U),
          ws.address(p.transposed),
          rows,
          p.count * U,
          U,
        );
      },
      stage: (stage, streams) => stages.run(stage, rows, U, streams),
      ...(progress && { stepDone: progress }),
      ...(sequenceGradient !== null && {
        addSequenceGradient: (t: number) => {
          const c = buffers.carried(0);
          products.addRows(c, c, heap.stepRows(sequenceGradient, t, U), rows, U);
        },
      }),
    });
  }

  const heap = addressing(plan, d, ws, share);
  // The recurrent kernel's gradient: Σ over the steps whose products ran of each phase's operand
  // ᵀ · its block gradients (read in place from the projection gradient), in blocks of rows
  // (t, s), the longer side in the inner loop.
  ws.floats(tensors.kernelGradient).fill(0);
  const { from, to, previousOffset } = productSteps(T, d.reverse);
  const sequencesPerBlock = Math.min(S, KERNEL_GRADIENT_BLOCK_ROWS);
  const stepsPerBlock = Math.max(1, Math.floor(KERNEL_GRADIENT_BLOCK_ROWS / sequencesPerBlock));
  // The saved states are [T, total, U] (this share's rows of each step); operands [T, S, U].
  const stateStrides = { step: share.total * U * F, sequence: U * F };
  const operandStrides = { step: S * U * F, sequence: U * F };
  const gradientStrides = {
    step: (timeMajor ? share.total * width : width) * F,
    sequence: (timeMajor ? width : T * width) * F,
  };
  for (let t0 = from; t0 < to; t0 += stepsPerBlock) {
    const steps = Math.min(stepsPerBlock, to - t0);
    for (let s0 = 0; s0 < S; s0 += sequencesPerBlock) {
      const sequences = Math.min(sequencesPerBlock, S - s0);
      const stepsInner = steps > sequences;
      const block = (at: number, strides: { step: number; sequence: number }): RowBlock =>
        stepsInner
          ? { at, outer: strides.sequence, inner: strides.step }
          : { at, outer: strides.step, inner: strides.sequence };
      const [outerCount, innerCount] = stepsInner ? [sequences, steps] : [steps, sequences];
      for (const [index, p] of phases.entries()) {
        const gradients = block(
          heap.projection(tensors.projectionGradient, t0, p.first).at +
            s0 * gradientStrides.sequence,
          gradientStrides,
        );
        const operand =
          index === 0
            ? block(
                heap.stepRows(tensors.states[plan.productState]!, t0 + previousOffset, U).at +
                  s0 * U * F,
                stateStrides,
              )
            : block(ws.address(p.operandAt!) + (t0 * S + s0) * U * F, operandStrides);
        const out = heap.rows(tensors.kernelGradient, p.first * U, RB * U);
        products.accumulateProduct(out, operand, gradients, U, p.count * U, outerCount, innerCount);
      }
    }
    progress?.();
  }
}
