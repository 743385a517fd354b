// Any cell's recurrence on the cpu backend's typed arrays: the cell's plain-loop stages and plain
// loops for the products, driven by the same step loops as the wasm kernels.
import type { CellStage, CpuRows, GatedCell } from './cell-description';
import type { CellPlan, StagePlan } from './cell-plan';
import { multiply, multiplyTransposed } from './dense-loops';
import type { RecurrenceDimensions } from './recurrence-dimensions';
import { productSteps, runBackward, runForward, type StepBuffers } from './recurrence-loops';

/** Runs a plan's stage with the cell's plain loops: the streams given in role order. */
function stageRunner(cell: GatedCell, rows: number, cols: number) {
  const byName = new Map<string, CellStage>();
  for (const phase of cell.phases) {
    byName.set(phase.forward.name, phase.forward);
    byName.set(phase.backward.name, phase.backward);
  }
  return (plan: StagePlan, streams: CpuRows[]): void => {
    const stage = byName.get(plan.name)!;
    const io: Record<string, CpuRows> = {};
    Object.keys(stage.streams).forEach((name, k) => (io[name] = streams[k]!));
    stage.cpu(rows, cols, io);
  };
}

function unavailable(): never {
  throw new Error('a stream role was used in the wrong direction');
}

/** Element-row addressing shared by forward and backward. */
function layout(plan: CellPlan, d: RecurrenceDimensions) {
  const { steps: T, sequences: S, units: U, timeMajor } = d;
  const width = plan.inputBlocks * U;
  return {
    width,
    /** Element index of projection-layout row (t, s). */
    projectionRow: (t: number, s: number) => (timeMajor ? t * S + s : s * T + t) * width,
    projectionStride: timeMajor ? width : T * width,
  };
}

/** The arrays of a forward pass on cpu. */
export interface CpuForwardArrays {
  projection: Float32Array;
  kernel: Float32Array;
  /** Outputs [T, S, U] per state part. */
  states: Float32Array[];
  /** Output [T, S, savedBlocks * U]. */
  saved: Float32Array;
}

/** Runs a cell forward over all sequences with plain loops. */
export function cpuForward(
  cell: GatedCell,
  plan: CellPlan,
  d: RecurrenceDimensions,
  arrays: CpuForwardArrays,
): void {
  const { steps: T, sequences: S, units: U } = d;
  const RB = plan.recurrentBlocks;
  const SB = plan.savedBlocks;
  const { projectionRow, projectionStride } = layout(plan, d);
  const runStage = stageRunner(cell, S, U);
  const phases = plan.phases.map((phase) => ({
    ...phase,
    recurrent: new Float32Array(S * phase.count * U),
    operand: new Float32Array(S * U),
  }));
  const phaseOf = (block: number) => phases.find((p) => block < p.first + p.count)!;
  const zero: CpuRows = { data: new Float32Array(U), at: 0, stride: 0 };
  const buffers: StepBuffers<CpuRows> = {
    zero,
    projection: (t, block) => ({
      data: arrays.projection,
      at: projectionRow(t, 0) + block * U,
      stride: projectionStride,
    }),
    state: (t, part) => ({ data: arrays.states[part]!, at: t * S * U, stride: U }),
    saved: (t, block) => ({ data: arrays.saved, at: t * S * SB * U + block * U, stride: SB * U }),
    recurrent: (block) => {
      const p = phaseOf(block);
      return { data: p.recurrent, at: (block - p.first) * U, stride: p.count * U };
    },
    operand: (phase) => ({ data: phases[phase]!.operand, at: 0, stride: U }),
    operandAt: unavailable,
    carried: unavailable,
    fromProduct: zero,
    operandGradient: unavailable,
    blockGradient: unavailable,
    projectionGradient: unavailable,
  };
  runForward(plan, T, d.reverse, buffers, {
    product: (phase, previous) => {
      const p = phases[phase]!;
      const a =
        phase === 0
          ? arrays.states[plan.productState]!.subarray(previous * S * U, (previous + 1) * S * U)
          : p.operand;
      multiply(
        p.recurrent,
        a,
        { data: arrays.kernel, offset: p.first * U, stride: RB * U },
        S,
        U,
        p.count * U,
      );
    },
    transposedProduct: unavailable,
    stage: runStage,
  });
}

/** The arrays of a backward pass on cpu. */
export interface CpuBackwardArrays {
  /** [S, U], or null with every state's gradient given instead. */
  lastStateGradient: Float32Array | null;
  /** [T, S, U] or null. */
  sequenceGradient: Float32Array | null;
  states: Float32Array[];
  saved: Float32Array;
  kernel: Float32Array;
  /** Output in the projection layout. */
  projectionGradient: Float32Array;
  /** Output [U, recurrentBlocks * U], zero on entry. */
  kernelGradient: Float32Array;
}

/** Back-propagates a cell over all sequences with plain loops. */
export function cpuBackward(
  cell: GatedCell,
  plan: CellPlan,
  d: RecurrenceDimensions,
  arrays: CpuBackwardArrays,
): void {
  const { steps: T, sequences: S, units: U } = d;
  const RB = plan.recurrentBlocks;
  const SB = plan.savedBlocks;
  const { projectionRow, projectionStride } = layout(plan, d);
  const runStage = stageRunner(cell, S, U);
  const phases = plan.phases.map((phase) => ({
    ...phase,
    blockGradient: new Float32Array(S * phase.count * U),
    operandAt: new Float32Array(T * S * U),
    operandGradient: new Float32Array(S * U),
  }));
  const phaseOf = (block: number) => phases.find((p) => block < p.first + p.count)!;
  const carried = Array.from({ length: plan.parts }, () => new Float32Array(S * U));
  if (arrays.lastStateGradient !== null) carried[0]!.set(arrays.lastStateGradient);
  const fromProduct = new Float32Array(S * U);
  const zero: CpuRows = { data: new Float32Array(U), at: 0, stride: 0 };
  const buffers: StepBuffers<CpuRows> = {
    zero,
    projection: unavailable,
    state: (t, part) => ({ data: arrays.states[part]!, at: t * S * U, stride: U }),
    saved: (t, block) => ({ data: arrays.saved, at: t * S * SB * U + block * U, stride: SB * U }),
    recurrent: unavailable,
    operand: unavailable,
    operandAt: (t, phase) => ({ data: phases[phase]!.operandAt, at: t * S * U, stride: U }),
    carried: (part) => ({ data: carried[part]!, at: 0, stride: U }),
    fromProduct: { data: fromProduct, at: 0, stride: U },
    operandGradient: (phase) => ({ data: phases[phase]!.operandGradient, at: 0, stride: U }),
    blockGradient: (block) => {
      const p = phaseOf(block);
      return { data: p.blockGradient, at: (block - p.first) * U, stride: p.count * U };
    },
    projectionGradient: (t, block) => ({
      data: arrays.projectionGradient,
      at: projectionRow(t, 0) + block * U,
      stride: projectionStride,
    }),
  };
  const sequenceGradient = arrays.sequenceGradient;
  runBackward(plan, T, d.reverse, buffers, {
    product: unavailable,
    transposedProduct: (phase) => {
      const p = phases[phase]!;
      const out = phase === 0 ? fromProduct : p.operandGradient;
      const view = { data: arrays.kernel, offset: p.first * U, stride: RB * U };
      multiplyTransposed(out, p.blockGradient, view, S, p.count * U, U);
    },
    stage: runStage,
    ...(sequenceGradient !== null && {
      addSequenceGradient: (t: number) => {
        const c = carried[0]!;
        for (let i = 0; i < S * U; i += 1) c[i] = c[i]! + sequenceGradient[t * S * U + i]!;
      },
    }),
  });

  // The recurrent kernel's gradient: Σ over the steps whose products ran of each phase's operand
  // ᵀ · its block gradients (the projection gradient's rows).
  const { from, to, previousOffset } = productSteps(T, d.reverse);
  const gradient = arrays.projectionGradient;
  const kernelGradient = arrays.kernelGradient;
  for (const [index, p] of phases.entries()) {
    const operand = index === 0 ? arrays.states[plan.productState]! : p.operandAt;
    const offset = index === 0 ? previousOffset : 0;
    const [c0, c1] = [p.first * U, (p.first + p.count) * U];
    for (let t = from; t < to; t += 1) {
      for (let s = 0; s < S; s += 1) {
        const row = projectionRow(t, s);
        const k = ((t + offset) * S + s) * U;
        for (let i = 0; i < U; i += 1) {
          const a = operand[k + i]!;
          const out = i * RB * U;
          for (let c = c0; c < c1; c += 1) {
            kernelGradient[out + c] = kernelGradient[out + c]! + a * gradient[row + c]!;
          }
        }
      }
    }
  }
}
