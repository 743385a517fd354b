import { z } from 'zod';
import { parseOptions } from '@srnn/errors';

/** Defaults: the Adam paper's and this project's paper's settings (Keras-style epsilon 1e-8). */
export const FUSED_ADAM_DEFAULTS = {
  learningRate: 0.001,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  lazy: false,
} as const;

const finite = (field: string) =>
  z.number({ error: `${field} must be a finite number` }).refine(Number.isFinite, {
    error: `${field} must be a finite number`,
  });

const beta = (field: string) =>
  finite(field).refine((b) => b >= 0 && b < 1, { error: `${field} must be in [0, 1)` });

/** Schema of the resolved configuration; each message names the field and what is allowed. */
export const fusedAdamConfigSchema = z.strictObject(
  {
    learningRate: finite('learningRate').refine((lr) => lr > 0, {
      error: 'learningRate must be a number > 0',
    }),
    beta1: beta('beta1'),
    beta2: beta('beta2'),
    epsilon: finite('epsilon').refine((e) => e >= 0, { error: 'epsilon must be a number >= 0' }),
    lazy: z.boolean({ error: 'lazy must be true or false' }),
  },
  // Unknown keys are named, with the valid ones, by parseOptions.
);

/** A validated FusedAdam configuration. */
export type FusedAdamConfig = z.infer<typeof fusedAdamConfigSchema>;

/** Options after the positional Adam arguments. */
export interface FusedAdamOptions {
  /**
   * LazyAdam: rows (slices along the first axis) of a rank >= 2 variable whose gradient is all
   * zeros keep their value and moments this step. Off by default. This is NOT the paper's (Keras's)
   * dense Adam, where every row's moments decay every step.
   */
  lazy?: boolean;
}

/**
 * Fills in defaults and validates. `null` or `undefined` take the default, as tf.train.adam's
 * arguments do. Throws an Error listing every bad field.
 */
export function resolveFusedAdamConfig(
  learningRate: number | null | undefined,
  beta1: number | null | undefined,
  beta2: number | null | undefined,
  epsilon: number | null | undefined,
  options: FusedAdamOptions = {},
): FusedAdamConfig {
  const d = FUSED_ADAM_DEFAULTS;
  const candidate = {
    ...options,
    learningRate: learningRate ?? d.learningRate,
    beta1: beta1 ?? d.beta1,
    beta2: beta2 ?? d.beta2,
    epsilon: epsilon ?? d.epsilon,
    lazy: options.lazy ?? d.lazy,
  };
  return parseOptions(fusedAdamConfigSchema, candidate, 'FusedAdam configuration');
}
