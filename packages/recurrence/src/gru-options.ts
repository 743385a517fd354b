import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { parseOptions } from '@srnn/errors';
import { type Implementation, recurrenceModeShape } from './recurrence-options';

/** Candidate activations the fused kernels compute natively. */
export const FUSED_ACTIVATIONS = ['linear', 'tanh'] as const;
/** Gate activations the fused kernels compute natively. */
export const FUSED_RECURRENT_ACTIVATIONS = ['sigmoid', 'hardSigmoid'] as const;

export type FusedActivation = (typeof FUSED_ACTIVATIONS)[number];
export type FusedRecurrentActivation = (typeof FUSED_RECURRENT_ACTIVATIONS)[number];
/** An element-wise function of tensors, for activations the fused kernels do not know. */
export type ElementwiseFunction = (x: tf.Tensor) => tf.Tensor;

/** Options of {@link gruSequenceLastState}. */
export interface GruSequenceOptions {
  /**
   * Layout of the projections: `true` for `[steps, sequences, 3 * units]`, `false` (default) for
   * `[sequences, steps, 3 * units]`. The gradient comes back in the same layout.
   */
  timeMajor?: boolean;
  /** Candidate activation: `'linear'` (default, as in the paper), `'tanh'`, or any function. */
  activation?: FusedActivation | ElementwiseFunction;
  /** Gate activation: `'sigmoid'` (default), `'hardSigmoid'`, or any function. */
  recurrentActivation?: FusedRecurrentActivation | ElementwiseFunction;
  /**
   * `'auto'` (default): the fused kernel on the cpu and wasm backends when both activations are
   * named ones, else tfjs ops per step. `'fused'`: the fused kernel or an error. `'ops'`: always
   * tfjs ops per step (the reference).
   */
  implementation?: Implementation;
  /**
   * Run the steps from the last to the first (default false): the same as reversing the time
   * axis. Only {@link gruSequence} takes it.
   */
  reverse?: boolean;
  /** Return every state instead of the last (default false). Only {@link gruSequence} takes it. */
  returnSequences?: boolean;
}

const isFunction = (value: unknown): value is ElementwiseFunction => typeof value === 'function';

const namedOrFunction = <T extends readonly [string, ...string[]]>(field: string, names: T) =>
  z.union([z.enum(names), z.custom<ElementwiseFunction>(isFunction)], {
    error: () =>
      `${field} must be one of ${names.map((n) => `'${n}'`).join(', ')} or a function of tensors`,
  });

const optionsSchema = z.strictObject({
  timeMajor: recurrenceModeShape.timeMajor,
  activation: namedOrFunction('activation', FUSED_ACTIVATIONS).default('linear'),
  recurrentActivation: namedOrFunction('recurrentActivation', FUSED_RECURRENT_ACTIVATIONS).default(
    'sigmoid',
  ),
  implementation: recurrenceModeShape.implementation,
  reverse: recurrenceModeShape.reverse,
  returnSequences: recurrenceModeShape.returnSequences,
});

/** The options with every default filled in. */
export type ResolvedGruSequenceOptions = z.output<typeof optionsSchema>;

/** Validates the options; the error names each bad field and what it accepts. */
export function resolveGruSequenceOptions(options: unknown): ResolvedGruSequenceOptions {
  return parseOptions(optionsSchema, options, 'gruSequenceLastState options');
}
