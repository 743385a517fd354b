/**
 * The fused recurrence's step loops for any cell, written once for both backends: which product
 * and which stage run when, and where each stage's streams point at each step. A backend supplies
 * the buffers (as rows of its own kind) and runs the products and stages.
 */
import type { StreamRole } from './cell-description';
import type { CellPlan, StagePlan } from './cell-plan';

/** Steps in the order they are run: time order, or reversed. */
export function stepOrder(steps: number, reverse: boolean): (i: number) => number {
  return reverse ? (i) => steps - 1 - i : (i) => i;
}

/** Where a backend keeps what the streams point at; R is its kind of rows. */
export interface StepBuffers<R> {
  zero: R;
  projection(t: number, block: number): R;
  state(t: number, part: number): R;
  saved(t: number, block: number): R;
  /** The product output's columns of `block` (forward). */
  recurrent(block: number): R;
  /** Phase `phase`'s operand: scratch (forward). */
  operand(phase: number): R;
  /** Phase `phase`'s operand of step t (backward, kept for the kernel gradient). */
  operandAt(t: number, phase: number): R;
  carried(part: number): R;
  fromProduct: R;
  operandGradient(phase: number): R;
  blockGradient(block: number): R;
  projectionGradient(t: number, block: number): R;
}

/** Runs the products and stages on a backend. */
export interface StepRunner<R> {
  /** Forward product of `phase` at the step after `previous` (a time index). */
  product(phase: number, previous: number): void;
  /** Backward: the phase's block gradients times its blocks transposed. */
  transposedProduct(phase: number): void;
  stage(stage: StagePlan, streams: R[]): void;
  /** carried(0) += the every-state gradient of step t (only with every state returned). */
  addSequenceGradient?(t: number): void;
  /** Called after each step (a worker thread shows its progress with it). */
  stepDone?(): void;
}

function resolver<R>(b: StepBuffers<R>) {
  return (r: StreamRole, t: number, previous: number, lastBackward: boolean): R => {
    switch (r.kind) {
      case 'projection':
        return b.projection(t, r.block);
      case 'recurrent':
        return previous < 0 ? b.zero : b.recurrent(r.block);
      case 'previous':
        return previous < 0 ? b.zero : b.state(previous, r.part);
      case 'state':
        return b.state(t, r.part);
      case 'saved':
        return b.saved(t, r.block);
      case 'operand':
        // Backward stages get operandAt instead (see runBackward).
        return b.operand(r.phase);
      case 'carried':
        return b.carried(r.part);
      case 'fromProduct':
        return lastBackward ? b.zero : b.fromProduct;
      case 'operandGradient':
        return previous < 0 ? b.zero : b.operandGradient(r.phase);
      case 'blockGradient':
        return b.blockGradient(r.block);
      case 'projectionGradient':
        return b.projectionGradient(t, r.block);
    }
  };
}

/** The forward recurrence: every state and saved value of every step. */
export function runForward<R>(
  plan: CellPlan,
  steps: number,
  reverse: boolean,
  b: StepBuffers<R>,
  run: StepRunner<R>,
): void {
  const order = stepOrder(steps, reverse);
  const resolve = resolver(b);
  for (let i = 0; i < steps; i += 1) {
    const t = order(i);
    const previous = i > 0 ? order(i - 1) : -1;
    for (let p = 0; p < plan.phases.length; p += 1) {
      const phase = plan.phases[p]!;
      if (previous >= 0) run.product(p, previous);
      const streams = phase.forward.roles.map((r) => resolve(r, t, previous, false));
      run.stage(phase.forward, streams);
    }
    run.stepDone?.();
  }
}

/**
 * The backward recurrence, steps in reverse run order: the block gradients (into the projection
 * gradient) and what the kernel gradient needs. The carried gradients must hold the output's
 * gradient (part 0) and zeros on entry.
 */
export function runBackward<R>(
  plan: CellPlan,
  steps: number,
  reverse: boolean,
  b: StepBuffers<R>,
  run: StepRunner<R>,
): void {
  const order = stepOrder(steps, reverse);
  const resolve = resolver(b);
  for (let i = steps - 1; i >= 0; i -= 1) {
    const t = order(i);
    const previous = i > 0 ? order(i - 1) : -1;
    run.addSequenceGradient?.(t);
    for (let p = plan.phases.length - 1; p >= 0; p -= 1) {
      const phase = plan.phases[p]!;
      const streams = phase.backward.roles.map((r) =>
        r.kind === 'operand' ? b.operandAt(t, r.phase) : resolve(r, t, previous, i === steps - 1),
      );
      run.stage(phase.backward, streams);
      if (previous >= 0) run.transposedProduct(p);
    }
    run.stepDone?.();
  }
}

/**
 * The steps whose products ran (all but the first run), as runs of consecutive time indices
 * with their previous step's offset: the recurrent kernel's gradient sums over these.
 */
export function productSteps(
  steps: number,
  reverse: boolean,
): { from: number; to: number; previousOffset: number } {
  return reverse
    ? { from: 0, to: steps - 1, previousOffset: 1 }
    : { from: 1, to: steps, previousOffset: -1 };
}
