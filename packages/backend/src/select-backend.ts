import * as tf from '@tensorflow/tfjs';
import { parseOptions, SrnnError } from '@srnn/errors';
import { multiplyAddModeFrom } from './kernels/multiply-add';
import { defaultThreads, setProductThreads } from './kernels/parallel/product-workers';
import { processEnv } from './process-env';
import {
  BACKEND_ENV_VAR,
  KERNEL_FIXES_ENV_VAR,
  type BackendName,
  backendRequestSchema,
  DEFAULT_ORDER,
  selectOptionsSchema,
} from './backend-name';
import { type BackendLoaders, defaultLoaders, type LoadedBackend } from './backend-loaders';
import { BackendLoadError } from './load-failure';
import { activeKernelFixes, registerKernelFixes } from './register-kernel-fixes';

/** The backend selectBackend chose, and why. */
export interface BackendChoice {
  /** The chosen backend. */
  name: BackendName;
  /** TensorFlow.js's name for it, as `tf.getBackend()` reports it ('tensorflow', 'wasm', 'cpu'). */
  tfBackend: string;
  /** What it runs on, e.g. "SIMD, 1 thread". */
  detail: string;
  /** Faster backends that were tried and failed, in order, each with a short reason. */
  passedOver: { name: BackendName; reason: string }[];
  /** Kernels this package registered for the chosen backend (see registerKernelFixes). */
  kernelFixes: string[];
  /** The choice in one line, e.g. "backend: wasm (SIMD, 1 thread) — passed over node (not installed)". */
  summary: string;
}

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /**
   * Force one backend ('auto', the default, tries `order`). The environment variable
   * SRNN_BACKEND forces one when this is absent or 'auto'.
   */
  backend?: BackendName | 'auto';
  /** Order of preference for 'auto'; default node-gpu, node, wasm, cpu. */
  order?: BackendName[];
  /**
   * Threads for large matrix products on the wasm backend (the calling thread plus worker threads,
   * each with its own wasm backend); 1 turns the workers off. Default: the environment variable
   * SRNN_THREADS, else the machine's cores up to 4.
   */
  threads?: number;
  /**
   * Register this package's kernel fixes for the chosen backend (default true; see the README
   * for which stock kernels they replace). false, or the environment variable
   * SRNN_KERNEL_FIXES=off, leaves TensorFlow.js's kernels as they are (slower, and on wasm a
   * trainable embedding cannot train: its gradient needs a kernel wasm lacks).
   */
  kernelFixes?: boolean;
  /** Receives the one-line summary; default console.log. */
  log?: (line: string) => void;
}

type Request =
  | { kind: 'auto'; order: readonly BackendName[] }
  | { kind: 'forced'; name: BackendName; source: string };

function readRequest(
  options: SelectBackendOptions,
  env: Record<string, string | undefined>,
): Request {
  if (options.backend !== undefined && options.backend !== 'auto') {
    return {
      kind: 'forced',
      name: options.backend,
      source: `option backend: '${options.backend}'`,
    };
  }
  const raw = env[BACKEND_ENV_VAR];
  if (raw !== undefined && raw.trim() !== '') {
    const name = parseOptions(backendRequestSchema, raw.trim(), 'environment', {
      root: BACKEND_ENV_VAR,
    });
    if (name !== 'auto') {
      return { kind: 'forced', name, source: `${BACKEND_ENV_VAR}=${name}` };
    }
  }
  return { kind: 'auto', order: options.order ?? DEFAULT_ORDER };
}

/** Whether to register the kernel fixes: the option, else SRNN_KERNEL_FIXES, else yes. */
function wantsKernelFixes(
  options: SelectBackendOptions,
  env: Record<string, string | undefined>,
): boolean {
  if (options.kernelFixes !== undefined) return options.kernelFixes;
  const raw = env[KERNEL_FIXES_ENV_VAR]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return true;
  if (['off', '0', 'false', 'no'].includes(raw)) return false;
  if (['on', '1', 'true', 'yes'].includes(raw)) return true;
  throw new SrnnError(
    `${KERNEL_FIXES_ENV_VAR} must be on or off (also 1/0, true/false, yes/no); got '${env[KERNEL_FIXES_ENV_VAR]}'`,
    { field: KERNEL_FIXES_ENV_VAR },
  );
}

function summarise(
  name: BackendName,
  loaded: LoadedBackend,
  passedOver: BackendChoice['passedOver'],
  forcedBy?: string,
): string {
  let line = `backend: ${name} (${loaded.detail})`;
  if (passedOver.length > 0) {
    line += ` — passed over ${passedOver.map((p) => `${p.name} (${p.reason})`).join(', ')}`;
  }
  if (forcedBy !== undefined) line += ` — forced by ${forcedBy}`;
  return line;
}

function reasonOf(error: unknown): string {
  if (error instanceof BackendLoadError) return error.reason;
  return `failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
}

/**
 * Makes a selectBackend bound to a set of loaders and an environment; the package exports the one
 * bound to the real loaders and process.env. Each selector remembers its choices.
 */
export function createBackendSelector(
  loaders: BackendLoaders,
  env: Record<string, string | undefined> = processEnv(),
): (options?: SelectBackendOptions) => Promise<BackendChoice> {
  const choices = new Map<string, Promise<BackendChoice>>();

  function finish(
    name: BackendName,
    loaded: LoadedBackend,
    passedOver: BackendChoice['passedOver'],
    fixes: boolean,
    forcedBy?: string,
  ): BackendChoice {
    if (fixes) registerKernelFixes(loaded.tfBackend);
    return {
      name,
      tfBackend: loaded.tfBackend,
      detail: loaded.detail,
      passedOver,
      kernelFixes: fixes ? activeKernelFixes(loaded.tfBackend) : [],
      summary: summarise(name, loaded, passedOver, forcedBy),
    };
  }

  async function selectInOrder(
    order: readonly BackendName[],
    fixes: boolean,
  ): Promise<BackendChoice> {
    const passedOver: BackendChoice['passedOver'] = [];
    for (const name of order) {
      try {
        return finish(name, await loaders[name](), passedOver, fixes);
      } catch (error) {
        passedOver.push({ name, reason: reasonOf(error) });
      }
    }
    throw new Error(
      `selectBackend: no backend loaded: ${passedOver.map((p) => `${p.name} (${p.reason})`).join(', ')}`,
    );
  }

  /** Which of the other backends load, for the error of a forced backend that does not. */
  async function availableBesides(failed: BackendName): Promise<BackendName[]> {
    const previous = tf.engine().backendName;
    const available: BackendName[] = [];
    for (const name of DEFAULT_ORDER) {
      if (name === failed) continue;
      try {
        await loaders[name]();
        available.push(name);
      } catch {
        // Not available: left out of the list.
      }
    }
    if (previous) await tf.setBackend(previous);
    return available;
  }

  async function selectForced(
    name: BackendName,
    source: string,
    fixes: boolean,
  ): Promise<BackendChoice> {
    let loaded: LoadedBackend;
    try {
      loaded = await loaders[name]();
    } catch (error) {
      const available = await availableBesides(name);
      throw new Error(
        `${source}: backend '${name}' failed to load: ${reasonOf(error)}. ` +
          `Available here: ${available.length > 0 ? available.join(', ') : 'none'} ` +
          `(or 'auto' to take the fastest that loads)`,
      );
    }
    return finish(name, loaded, [], fixes, source);
  }

  return async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendChoice> {
    const resolved = parseOptions(selectOptionsSchema, options, 'selectBackend options');
    // Before loading, so that the wasm backend's one-line report states the threads in use.
    if (resolved.threads !== undefined) setProductThreads(resolved.threads);
    // Malformed settings are refused here: read by a backend's loader, they would pass that
    // backend over and leave a slower one chosen.
    else defaultThreads(env);
    multiplyAddModeFrom(env);
    const request = readRequest(resolved, env);
    const fixes = wantsKernelFixes(resolved, env);
    const key =
      (request.kind === 'forced' ? `forced:${request.name}` : `auto:${request.order.join(',')}`) +
      (fixes ? '' : ':stock');
    const cached = choices.get(key);
    if (cached !== undefined) {
      const choice = await cached;
      // Same choice; make it active again in case the caller switched backends in between.
      if (tf.engine().backendName !== choice.tfBackend) await tf.setBackend(choice.tfBackend);
      if (fixes) registerKernelFixes(choice.tfBackend);
      return choice;
    }
    const pending =
      request.kind === 'forced'
        ? selectForced(request.name, request.source, fixes)
        : selectInOrder(request.order, fixes);
    choices.set(key, pending);
    try {
      const choice = await pending;
      (resolved.log ?? console.log)(choice.summary);
      return choice;
    } catch (error) {
      choices.delete(key);
      throw error;
    }
  };
}

/**
 * Picks the fastest TensorFlow.js backend that loads, makes it active, registers this package's
 * kernel fixes for it (unless `kernelFixes: false` or SRNN_KERNEL_FIXES=off) and reports the
 * choice in one line. Importing the package replaces no kernel; this call (or
 * registerKernelFixes) does, process-wide, for the chosen backend only.
 *
 * Order: node-gpu (@tensorflow/tfjs-node-gpu), node (@tensorflow/tfjs-node), wasm, cpu, unless
 * `options.order` says otherwise. `options.backend` or else the environment variable
 * SRNN_BACKEND (node-gpu | node | wasm | cpu | auto) forces one backend; a forced backend that
 * fails to load is an error that names the reason and the backends that do load.
 *
 * Idempotent: a second call with the same request returns the same choice (and makes it active
 * again if the caller switched backends since).
 *
 * @example
 * const choice = await selectBackend({ log: () => {} });
 * choice.summary; // "backend: wasm (SIMD, 1 thread) — passed over node-gpu (not installed), node (not installed)"
 */
export const selectBackend: (options?: SelectBackendOptions) => Promise<BackendChoice> =
  createBackendSelector(defaultLoaders);
