import { enableRelaxedSimd, selectBackend } from '@srnn/backend';
import * as tf from '@tensorflow/tfjs';
import type { CliContext } from './context';
import type { BACKEND_CHOICES } from './flags';

/** Activates the requested TensorFlow.js backend and reports the choice on standard error. */
export async function activateBackend(
  backend: (typeof BACKEND_CHOICES)[number],
  context: CliContext,
): Promise<string> {
  // Production mode: no debug checks, and no console banner from the cpu backend.
  tf.enableProdMode();
  // The product tiles' relaxed multiply-add, behind a flag on Node.js 20 (see @srnn/backend).
  enableRelaxedSimd();
  const choice = await selectBackend({ backend, log: (line) => context.stderr.write(`${line}\n`) });
  return choice.name;
}
