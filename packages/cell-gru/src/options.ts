import { encoderOptionsSchema } from '@srnn/cells';
import { z } from 'zod';

/** Activation names the GRU accepts (tfjs-layers' names). */
export const gruActivations = [
  'linear',
  'tanh',
  'sigmoid',
  'hardSigmoid',
  'relu',
  'elu',
  'selu',
  'softsign',
  'softplus',
] as const;

/** One of {@link gruActivations}. */
export type GruActivation = (typeof gruActivations)[number];

/**
 * Options of the GRU encoder. Defaults follow the SRNN paper's code (Keras `GRU(activation=None,
 * recurrent_activation='sigmoid')`), not tfjs-layers' defaults (tanh and hardSigmoid).
 */
export const gruOptionsSchema = encoderOptionsSchema.extend({
  /** Candidate-state activation; `'linear'` is Keras's `activation=None`. */
  activation: z.enum(gruActivations).default('linear'),
  /** Gate activation. */
  recurrentActivation: z.enum(gruActivations).default('sigmoid'),
});

/** Validated GRU options (defaults filled). */
export type GruOptions = z.output<typeof gruOptionsSchema>;
/** GRU options as a caller may write them (defaults optional). */
export type GruOptionsInput = z.input<typeof gruOptionsSchema>;
