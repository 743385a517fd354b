import { z } from 'zod';

/** The TensorFlow.js backends this package can select, fastest first. */
export const BACKEND_NAMES = ['node-gpu', 'node', 'wasm', 'cpu'] as const;

/**
 * A backend this package can select: `node-gpu` (@tensorflow/tfjs-node-gpu, libtensorflow with
 * CUDA), `node` (@tensorflow/tfjs-node, libtensorflow on the CPU), `wasm`
 * (@tensorflow/tfjs-backend-wasm, XNNPACK) or `cpu` (pure JavaScript, always there).
 */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** The default order of preference: fastest first. */
export const DEFAULT_ORDER: readonly BackendName[] = BACKEND_NAMES;

/** Environment variable that turns the kernel fixes off: `SRNN_KERNEL_FIXES=off` (or 0, false). */
export const KERNEL_FIXES_ENV_VAR = 'SRNN_KERNEL_FIXES';

/** Environment variable that forces a backend, e.g. `SRNN_BACKEND=wasm`. */
export const BACKEND_ENV_VAR = 'SRNN_BACKEND';

const allowed = [...BACKEND_NAMES, 'auto'].join(', ');

export const backendRequestSchema = z.enum([...BACKEND_NAMES, 'auto'], {
  error: (issue) => `must be one of ${allowed}; got ${JSON.stringify(issue.input)}`,
});

export const selectOptionsSchema = z
  .object({
    backend: backendRequestSchema.optional(),
    order: z
      .array(
        z.enum(BACKEND_NAMES, {
          error: (issue) =>
            `must be one of ${BACKEND_NAMES.join(', ')}; got ${JSON.stringify(issue.input)}`,
        }),
      )
      .min(1, { error: `must list at least one of ${BACKEND_NAMES.join(', ')}` })
      .refine((order) => new Set(order).size === order.length, {
        error: 'must not list a backend twice',
      })
      .optional(),
    threads: z
      .number({ error: 'must be a whole number of threads, 1 or more (1 = no worker threads)' })
      .int({ error: 'must be a whole number of threads, 1 or more (1 = no worker threads)' })
      .min(1, { error: 'must be a whole number of threads, 1 or more (1 = no worker threads)' })
      .optional(),
    kernelFixes: z.boolean({ error: 'must be true or false' }).optional(),
    log: z
      .custom<(line: string) => void>((v) => typeof v === 'function', {
        error: 'must be a function (line: string) => void',
      })
      .optional(),
  })
  .strict();
