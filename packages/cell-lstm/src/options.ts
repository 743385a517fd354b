import { encoderOptionsSchema } from '@srnn/cells';
import { z } from 'zod';

/** Activation names the LSTM accepts (tfjs-layers' names). */
export const lstmActivations = [
  'linear',
  'tanh',
  'sigmoid',
  'hardSigmoid',
  'relu',
  'softsign',
] as const;

/** One of {@link lstmActivations}. */
export type LstmActivation = (typeof lstmActivations)[number];

/** Options of the LSTM encoder; gates use sigmoid by default (tfjs-layers would use hardSigmoid). */
export const lstmOptionsSchema = encoderOptionsSchema.extend({
  /** Cell-input and output activation. */
  activation: z.enum(lstmActivations).default('tanh'),
  /** Gate activation. */
  recurrentActivation: z.enum(lstmActivations).default('sigmoid'),
  /** Start the forget gate's bias at 1 (Keras's unit_forget_bias). */
  unitForgetBias: z.boolean().default(true),
});

/** Validated LSTM options (defaults filled). */
export type LstmOptions = z.output<typeof lstmOptionsSchema>;
/** LSTM options as a caller may write them (defaults optional). */
export type LstmOptionsInput = z.input<typeof lstmOptionsSchema>;
