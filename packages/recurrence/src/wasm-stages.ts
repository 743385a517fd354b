import type { TensorInfo } from '@tensorflow/tfjs';
import type { ActivationFlags } from './activation-math';
import type { BackwardStages } from './gru-backward-loop';
import type { GruDimensions } from './gru-dimensions';
import type { ForwardStages } from './gru-forward-loop';
import { type GruSimd, packPanels, type RowBlock, type Rows } from './gru-simd';
import { STAGES } from './gru-simd-module';
import type { WasmWorkspace } from './wasm-workspace';

const F = 4; // bytes per float32

/** Rows of the kernel gradient's sum per call: the block's operands stay in cache across tiles. */
export const KERNEL_GRADIENT_BLOCK_ROWS = 256;

/**
 * Columns [from, from + cols) of the row-major [rows, stride] `kernel`, optionally transposed,
 * written into the workspace tensor `into` as packed panels (see packPanels): the right operand
 * of a per-step product, packed once per kernel call.
 */
function packKernelColumns(
  ws: WasmWorkspace,
  into: TensorInfo,
  kernel: Float32Array,
  rows: number,
  stride: number,
  from: number,
  cols: number,
  transpose: boolean,
): void {
  const plain = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j < cols; j += 1) {
      plain[transpose ? j * rows + i : i * cols + j] = kernel[i * stride + from + j]!;
    }
  }
  const [inner, outCols] = transpose ? [cols, rows] : [rows, cols];
  packPanels(ws.floats(into), 0, plain, inner, outCols);
}

/**
 * OUT[sequences, cols] = A[sequences, inner] · B on whole workspace tensors, with B packed by
 * packKernelColumns.
 */
function packedProducts(simd: GruSimd, ws: WasmWorkspace, sequences: number) {
  return (out: TensorInfo, a: TensorInfo, packed: TensorInfo, inner: number, cols: number) =>
    simd.multiplyPacked(
      { at: ws.address(out), stride: cols * F },
      { at: ws.address(a), stride: inner * F },
      ws.address(packed),
      sequences,
      inner,
      cols,
    );
}

/**
 * Which sequences of the kernel's tensors a run covers: `d.sequences` of them from `first`, out of
 * `total`. A kernel split between threads runs one share here (the others on worker threads).
 */
export interface SequenceShare {
  first: number;
  total: number;
}

/** All sequences: the whole recurrence in one run. */
export function wholeShare(d: GruDimensions): SequenceShare {
  return { first: 0, total: d.sequences };
}

/**
 * Addresses of the tensors' rows on the heap. Offsets, unlike views, survive the heap growing.
 * Rows of the kernel's own tensors (projection, states, gates, last state and their gradients)
 * are those of the share's sequences; projection-layout rows (step t, sequence s) are in either
 * layout.
 */
function addressing(d: GruDimensions, ws: WasmWorkspace, share: SequenceShare) {
  const { steps: T, units: U, timeMajor } = d;
  const { first, total } = share;
  return {
    /** Rows of `cols` floats starting at element `start` (a workspace buffer). */
    rows: (info: TensorInfo, start: number, cols: number): Rows => ({
      at: ws.address(info) + start * F,
      stride: cols * F,
    }),
    /** The share's rows of a [total, cols] tensor. */
    sequenceRows: (info: TensorInfo, cols: number): Rows => ({
      at: ws.address(info) + first * cols * F,
      stride: cols * F,
    }),
    /** The share's rows of step t of a [T, total, cols] tensor. */
    stepRows: (info: TensorInfo, t: number, cols: number): Rows => ({
      at: ws.address(info) + (t * total + first) * cols * F,
      stride: cols * F,
    }),
    /** Block `block` (0: z, 1: r, 2: candidate) of the projection-layout rows of step t. */
    projection: (info: TensorInfo, t: number, block: number): Rows => ({
      at:
        ws.address(info) +
        ((timeMajor ? t * total + first : first * T + t) * 3 * U + block * U) * F,
      stride: (timeMajor ? 3 * U : T * 3 * U) * F,
    }),
    /** Block `block` of the [T, total, 3U] gates of step t. */
    gates: (info: TensorInfo, t: number, block: number): Rows => ({
      at: ws.address(info) + ((t * total + first) * 3 * U + block * U) * F,
      stride: 3 * U * F,
    }),
  };
}

/** The tensors of a forward pass on the wasm heap. */
export interface WasmForwardTensors {
  projection: TensorInfo;
  kernel: TensorInfo;
  lastState: TensorInfo;
  states: TensorInfo;
  gates: TensorInfo;
}

/**
 * Forward stages: products and element-wise stages by the SIMD module, in place on the heap (the
 * kernel's gate and candidate blocks packed once for the products of every step).
 */
export function wasmForwardStages(
  d: GruDimensions,
  ws: WasmWorkspace,
  simd: GruSimd,
  tensors: WasmForwardTensors,
  f: ActivationFlags,
  share: SequenceShare = wholeShare(d),
): ForwardStages {
  const { steps: T, sequences: S, units: U } = d;
  const previousState = ws.allocate([S, U]);
  const recurrentGates = ws.allocate([S, 2 * U]);
  const resetState = ws.allocate([S, U]);
  const recurrentCandidate = ws.allocate([S, U]);
  const gateKernel = ws.allocate([U, 2 * U]);
  const candidateKernel = ws.allocate([U, U]);
  const zeroRow = ws.allocate([U]);
  const kernel = ws.floats(tensors.kernel);
  packKernelColumns(ws, gateKernel, kernel, U, 3 * U, 0, 2 * U, false);
  packKernelColumns(ws, candidateKernel, kernel, U, 3 * U, 2 * U, U, false);
  ws.floats(zeroRow).fill(0);
  const heap = addressing(d, ws, share);
  const product = packedProducts(simd, ws, S);
  // Step 0: h_{-1} and the recurrent terms are zero; one zero row is read for every sequence.
  const zero: Rows = { at: ws.address(zeroRow), stride: 0 };
  const orZero = (t: number, rows: Rows): Rows => (t === 0 ? zero : rows);
  const previous = heap.rows(previousState, 0, U);
  const gateStage = STAGES.forwardGates[f.hard ? 'hard' : 'sigmoid'];
  const stateStage = STAGES.forwardState[f.tanh ? 'tanh' : 'linear'];
  return {
    gateProduct: () => product(recurrentGates, previousState, gateKernel, U, 2 * U),
    gates: (step) =>
      simd.run(gateStage, S, U, {
        zIn: orZero(step, heap.rows(recurrentGates, 0, 2 * U)),
        rIn: orZero(step, heap.rows(recurrentGates, U, 2 * U)),
        zProjection: heap.projection(tensors.projection, step, 0),
        rProjection: heap.projection(tensors.projection, step, 1),
        previous: orZero(step, previous),
        zOut: heap.gates(tensors.gates, step, 0),
        rOut: heap.gates(tensors.gates, step, 1),
        resetState: heap.rows(resetState, 0, U),
      }),
    candidateProduct: () => product(recurrentCandidate, resetState, candidateKernel, U, U),
    state: (step) =>
      simd.run(stateStage, S, U, {
        candidateIn: orZero(step, heap.rows(recurrentCandidate, 0, U)),
        candidateProjection: heap.projection(tensors.projection, step, 2),
        z: heap.gates(tensors.gates, step, 0),
        previous: orZero(step, previous),
        candidateOut: heap.gates(tensors.gates, step, 2),
        state: heap.stepRows(tensors.states, step, U),
        // h_t is also the next step's h_{t-1}; the last one is the kernel's first output.
        stateCopy: step === T - 1 ? heap.sequenceRows(tensors.lastState, U) : previous,
      }),
  };
}

/** The tensors of a backward pass on the wasm heap. */
export interface WasmBackwardTensors {
  lastStateGradient: TensorInfo;
  states: TensorInfo;
  gates: TensorInfo;
  kernel: TensorInfo;
  projectionGradient: TensorInfo;
  kernelGradient: TensorInfo;
}

/**
 * Backward stages, all by the SIMD module: per-step products against the transposed kernel blocks
 * (packed once), element-wise stages, and the kernel gradient over all steps at the end.
 */
export function wasmBackwardStages(
  d: GruDimensions,
  ws: WasmWorkspace,
  simd: GruSimd,
  tensors: WasmBackwardTensors,
  f: ActivationFlags,
  share: SequenceShare = wholeShare(d),
): BackwardStages {
  const { steps: T, sequences: S, units: U, timeMajor } = d;
  const carried = ws.allocate([S, U]);
  const fromGates = ws.allocate([S, U]);
  const candidateGradient = ws.allocate([S, U]);
  const resetStateGradient = ws.allocate([S, U]);
  const gatesGradient = ws.allocate([S, 2 * U]);
  // r_t · h_{t-1} of every step, for the kernel gradient.
  const resetStates = ws.allocate([T, S, U]);
  const gateKernelTransposed = ws.allocate([2 * U, U]);
  const candidateKernelTransposed = ws.allocate([U, U]);
  const zeroRow = ws.allocate([U]);
  const kernel = ws.floats(tensors.kernel);
  packKernelColumns(ws, gateKernelTransposed, kernel, U, 3 * U, 0, 2 * U, true);
  packKernelColumns(ws, candidateKernelTransposed, kernel, U, 3 * U, 2 * U, U, true);
  ws.floats(zeroRow).fill(0);
  const heap = addressing(d, ws, share);
  const product = packedProducts(simd, ws, S);
  const zero: Rows = { at: ws.address(zeroRow), stride: 0 };
  // h_{t-1}: zero at step 0.
  const previous = (step: number): Rows =>
    step === 0 ? zero : heap.stepRows(tensors.states, step - 1, U);
  const updateStage =
    STAGES.backwardUpdate[`${f.tanh ? 'tanh' : 'linear'}_${f.hard ? 'hard' : 'sigmoid'}`];
  const resetStage = STAGES.backwardReset[f.hard ? 'hard' : 'sigmoid'];
  const carriedRows = heap.rows(carried, 0, U);

  const kernelGradient = (): void => {
    ws.floats(tensors.kernelGradient).fill(0);
    // Rows (t, s) for t = 1..T-1 in blocks of steps × sequences, the longer side in the inner
    // loop; the pre-activation gradients of step t are the projection gradient's rows, in place.
    const sequencesPerBlock = Math.min(S, KERNEL_GRADIENT_BLOCK_ROWS);
    const stepsPerBlock = Math.max(1, Math.floor(KERNEL_GRADIENT_BLOCK_ROWS / sequencesPerBlock));
    // The saved states are [T, total, U] (this share's rows of each step); r_t · h_{t-1} is the
    // workspace's own [T, S, U].
    const stateStrides = { step: share.total * U * F, sequence: U * F };
    const resetStateStrides = { step: S * U * F, sequence: U * F };
    const gradientStrides = {
      step: (timeMajor ? share.total * 3 * U : 3 * U) * F,
      sequence: (timeMajor ? 3 * U : T * 3 * U) * F,
    };
    const out = heap.rows(tensors.kernelGradient, 0, 3 * U);
    const candidateOut = heap.rows(tensors.kernelGradient, 2 * U, 3 * U);
    for (let t0 = 1; t0 < T; t0 += stepsPerBlock) {
      const steps = Math.min(stepsPerBlock, T - t0);
      for (let s0 = 0; s0 < S; s0 += sequencesPerBlock) {
        const sequences = Math.min(sequencesPerBlock, S - s0);
        const stepsInner = steps > sequences;
        const block = (at: number, strides: { step: number; sequence: number }): RowBlock =>
          stepsInner
            ? { at, outer: strides.sequence, inner: strides.step }
            : { at, outer: strides.step, inner: strides.sequence };
        const [outerCount, innerCount] = stepsInner ? [sequences, steps] : [steps, sequences];
        const gradients = (part: number) =>
          block(
            heap.projection(tensors.projectionGradient, t0, part).at +
              s0 * gradientStrides.sequence,
            gradientStrides,
          );
        const h = block(heap.stepRows(tensors.states, t0 - 1, U).at + s0 * U * F, stateStrides);
        simd.accumulateProduct(out, h, gradients(0), U, 2 * U, outerCount, innerCount);
        const rh = block(ws.address(resetStates) + (t0 * S + s0) * U * F, resetStateStrides);
        simd.accumulateProduct(candidateOut, rh, gradients(2), U, U, outerCount, innerCount);
      }
    }
  };

  return {
    update: (step) =>
      simd.run(updateStage, S, U, {
        z: heap.gates(tensors.gates, step, 0),
        r: heap.gates(tensors.gates, step, 1),
        candidate: heap.gates(tensors.gates, step, 2),
        previous: previous(step),
        carried: step === T - 1 ? heap.sequenceRows(tensors.lastStateGradient, U) : carriedRows,
        fromGates: step === T - 1 ? zero : heap.rows(fromGates, 0, U),
        candidateGradient: heap.rows(candidateGradient, 0, U),
        candidateProjectionGradient: heap.projection(tensors.projectionGradient, step, 2),
        updateGradient: heap.rows(gatesGradient, 0, 2 * U),
        updateProjectionGradient: heap.projection(tensors.projectionGradient, step, 0),
        resetState: heap.rows(resetStates, step * S * U, U),
        carriedOut: carriedRows,
      }),
    candidateProduct: () =>
      product(resetStateGradient, candidateGradient, candidateKernelTransposed, U, U),
    reset: (step) =>
      simd.run(resetStage, S, U, {
        r: heap.gates(tensors.gates, step, 1),
        previous: previous(step),
        // Step 0: zeros in, so a zero gradient out.
        resetStateGradient: step === 0 ? zero : heap.rows(resetStateGradient, 0, U),
        carried: carriedRows,
        resetGradient: heap.rows(gatesGradient, U, 2 * U),
        resetProjectionGradient: heap.projection(tensors.projectionGradient, step, 1),
        carriedOut: carriedRows,
      }),
    gateProduct: () => product(fromGates, gatesGradient, gateKernelTransposed, 2 * U, U),
    kernelGradient,
  };
}
