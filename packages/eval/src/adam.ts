import * as tf from '@tensorflow/tfjs';
import { fusedAdam } from '@srnn/optimizers';
import { adamSchema } from './train-options';
import type { z } from 'zod';

/** Adam with the given (or the paper's default) settings, fused unless 'tfjs' is asked for. */
export function createAdam(settings: z.input<typeof adamSchema>): tf.Optimizer {
  const a = adamSchema.parse(settings);
  return a.implementation === 'fused'
    ? fusedAdam(a.learningRate, a.beta1, a.beta2, a.epsilon)
    : tf.train.adam(a.learningRate, a.beta1, a.beta2, a.epsilon);
}
