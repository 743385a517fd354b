/**
 * How a gated recurrent cell describes itself to the fused recurrence: its blocks, its state
 * parts, and each step as phases of one recurrent product followed by an element-wise stage (and,
 * for the gradient, the stages of those phases backwards). The stages are SIMD code builders for
 * wasm and plain row loops for cpu, reading and writing streams whose roles the framework
 * resolves (this step's projection, the previous state, a saved gate, a carried gradient, ...).
 * See the package README, "Giving a cell its fused kernel", for a worked example.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Code } from '@srnn/wasm-assembler';
import type { FunctionBuilder } from './simd-math';
import type { Streams } from './simd-stage';

/**
 * What a stage's stream is. Indices: `block` is a gate block of the projections (0-based, in the
 * cell's layout), `part` a state part (index into `stateParts`), `phase` an index into `phases`.
 */
export type StreamRole =
  /** Forward: block `block` of this step's input projection x·W + b (read). */
  | { kind: 'projection'; block: number }
  /** Forward: block `block` of this step's recurrent product (read; zero at the first step). */
  | { kind: 'recurrent'; block: number }
  /** Both: state part `part` of the previous step (read; zero at the first step). */
  | { kind: 'previous'; part: number }
  /** Forward: this step's state part (write). Backward: read. */
  | { kind: 'state'; part: number }
  /** Forward: a value saved for the gradient, block `block` of this step (write). Backward: read. */
  | { kind: 'saved'; block: number }
  /**
   * The left operand of phase `phase`'s product (phase ≥ 1). Forward: written by an earlier
   * phase's stage for this step's product. Backward: written again (recomputed) by a backward
   * stage, kept for every step for the recurrent kernel's gradient.
   */
  | { kind: 'operand'; phase: number }
  /**
   * Backward: the gradient of state part `part` of this step carried element-wise (read and
   * write). On entry to a step it holds what later steps carried back (for part 0 also the
   * output's gradient); the step's stages must leave in it the gradient for the previous step's
   * part, written (zero where nothing flows) for every part in every step.
   */
  | { kind: 'carried'; part: number }
  /**
   * Backward: the gradient reaching the product state part through the next step's phase-0
   * product (read; zero at the last step). The state's whole gradient is carried + fromProduct.
   */
  | { kind: 'fromProduct' }
  /** Backward: the gradient of phase `phase`'s operand (read; zero at the first step). */
  | { kind: 'operandGradient'; phase: number }
  /**
   * Backward: the gradient of block `block`'s pre-activation (projection + recurrent), as the
   * operand of the phase's transposed product (write).
   */
  | { kind: 'blockGradient'; block: number }
  /** Backward: the same gradient in the projection gradient's rows (write). */
  | { kind: 'projectionGradient'; block: number };

/** Role constructors, for readable stage declarations. */
export const role = {
  projection: (block: number): StreamRole => ({ kind: 'projection', block }),
  recurrent: (block: number): StreamRole => ({ kind: 'recurrent', block }),
  previous: (part: number): StreamRole => ({ kind: 'previous', part }),
  state: (part: number): StreamRole => ({ kind: 'state', part }),
  saved: (block: number): StreamRole => ({ kind: 'saved', block }),
  operand: (phase: number): StreamRole => ({ kind: 'operand', phase }),
  carried: (part: number): StreamRole => ({ kind: 'carried', part }),
  fromProduct: (): StreamRole => ({ kind: 'fromProduct' }),
  operandGradient: (phase: number): StreamRole => ({ kind: 'operandGradient', phase }),
  blockGradient: (block: number): StreamRole => ({ kind: 'blockGradient', block }),
  projectionGradient: (block: number): StreamRole => ({ kind: 'projectionGradient', block }),
} as const;

/**
 * Rows of float32 in a plain array, for a stage's cpu form: element (s, j) is
 * `data[at + s * stride + j]`. A stride of 0 is one row read for every s (the zero row).
 */
export interface CpuRows {
  data: Float32Array;
  at: number;
  stride: number;
}

/** One element-wise stage, in both forms. */
export interface CellStage<N extends string = string> {
  /** Unique within the cell (the SIMD function's export name): letters, digits and `_`. */
  name: string;
  /** Each stream's role; the key order is the SIMD function's parameter order. */
  streams: Readonly<Record<N, StreamRole>>;
  /** The per-element SIMD code: loads and stores by stream name (see simd-math for the toolkit). */
  simd(fn: FunctionBuilder, io: Streams<N>): Code;
  /** The same arithmetic as plain loops over `rows` × `cols` elements of each stream (cpu). */
  cpu(rows: number, cols: number, io: Readonly<Record<N, CpuRows>>): void;
}

/**
 * One phase of a step: the product of its operand with recurrent blocks `first .. first+count-1`
 * of the recurrent kernel, then the forward stage. Backwards, the phases run in reverse order:
 * the backward stage, then the product of the phase's block gradients with those blocks
 * transposed. Phase 0's operand is the previous state part `productState`; a later phase's is
 * its `operand` stream, written by the stage of an earlier phase.
 *
 * The framework skips every product at the first step (and its transpose there), reading zeros
 * for it: each operand must be zero whenever the previous state is (h, or a gate times h).
 */
export interface CellPhase {
  blocks: { first: number; count: number };
  // Stages of any stream names: each is checked against its own declaration when compiled.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forward: CellStage<any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  backward: CellStage<any>;
}

/** One step of the cell as tfjs ops: the reference, and the path for other backends. */
export type OpsStep = (step: {
  /** This step's projection blocks, [sequences, units] each (`inputBlocks` of them). */
  projection: tf.Tensor2D[];
  /** The previous state parts, [sequences, units] each (zeros at the first step). */
  previous: tf.Tensor2D[];
  /** The recurrent kernel's blocks, [units, units] each (`recurrentBlocks` of them). */
  recurrentKernel: tf.Tensor2D[];
}) => tf.Tensor2D[];

/** A gated recurrent cell as the fused recurrence runs it. */
export interface GatedCell {
  /**
   * Names this description (with its activations) in caches, kernels and worker threads: two
   * descriptions with one key must be the same cell. Letters, digits, `_`, `-`, `:` and `.`.
   */
  key: string;
  /** Blocks of the input projection: its last dimension is `inputBlocks * units`. */
  inputBlocks: number;
  /**
   * Blocks of the recurrent kernel [units, recurrentBlocks * units]; recurrent block k is added to
   * projection block k before its activation (so k < inputBlocks).
   */
  recurrentBlocks: number;
  /** Blocks of [units] saved per step for the gradient. */
  savedBlocks: number;
  /** The state parts (e.g. ['h'] or ['h', 'c']); part 0 is the output. */
  stateParts: readonly string[];
  /** The state part that is phase 0's operand (default 0). */
  productState?: number;
  phases: readonly CellPhase[];
  ops: OpsStep;
}
