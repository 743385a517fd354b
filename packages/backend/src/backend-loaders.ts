import * as tf from '@tensorflow/tfjs';
import type { BackendName } from './backend-name';
import { relaxedMultiplyAdd } from './kernels/multiply-add';
import { productThreads } from './kernels/parallel/product-workers';
import { BackendLoadError, describeImportFailure } from './load-failure';

/** A backend that loaded and is now active in TensorFlow.js. */
export interface LoadedBackend {
  /** TensorFlow.js's own name for it ('tensorflow', 'wasm', 'cpu'). */
  tfBackend: string;
  /** What it runs on, e.g. "SIMD, 1 thread". */
  detail: string;
}

/** Loads one backend and makes it active; throws a {@link BackendLoadError} when it cannot. */
export type BackendLoader = () => Promise<LoadedBackend>;

/** One loader per selectable backend. */
export type BackendLoaders = Record<BackendName, BackendLoader>;

/** The name both tfjs-node packages register their backend under. */
const NODE_TF_BACKEND = 'tensorflow';

/**
 * Runs `action` while collecting what it prints with console.warn. TensorFlow.js reports why a
 * backend failed to initialise only as warnings; this turns them into the failure's reason.
 */
async function collectWarnings<T>(
  action: () => Promise<T>,
): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
  };
  try {
    return { result: await action(), warnings };
  } finally {
    console.warn = original;
  }
}

/**
 * Makes a registered TensorFlow.js backend active; a backend that fails to initialise becomes a
 * BackendLoadError carrying the reason TensorFlow.js printed.
 */
export async function activateBackend(tfBackend: string): Promise<void> {
  const { result: ok, warnings } = await collectWarnings(() => tf.setBackend(tfBackend));
  if (!ok) {
    const reason =
      warnings.find((w) => !w.startsWith('Initialization of backend')) ?? 'no reason given';
    throw new BackendLoadError(`failed to initialise (${reason.split('\n')[0]})`);
  }
  // Warnings of a backend that did initialise are the user's to see.
  warnings.forEach((w) => console.warn(w));
  await tf.ready();
}

/** Each tfjs-node package is imported at most once per process; later calls reuse the outcome. */
const nodeImports = new Map<string, Promise<void>>();

/**
 * Imports a tfjs-node package once. Both packages register all their kernels for the
 * 'tensorflow' backend before they load their native addon, so a failed import leaves those
 * registrations behind; they are removed here, so that trying the other package next does not
 * print "kernel already registered" once per kernel.
 */
function importNodePackage(packageName: string): Promise<void> {
  let attempt = nodeImports.get(packageName);
  if (attempt === undefined) {
    const before = new Set(tf.getKernelsForBackend(NODE_TF_BACKEND).map((k) => k.kernelName));
    attempt = import(packageName).then(
      () => undefined,
      (error: unknown) => {
        for (const kernel of tf.getKernelsForBackend(NODE_TF_BACKEND)) {
          if (!before.has(kernel.kernelName))
            tf.unregisterKernel(kernel.kernelName, NODE_TF_BACKEND);
        }
        throw new BackendLoadError(describeImportFailure(packageName, error));
      },
    );
    nodeImports.set(packageName, attempt);
  }
  return attempt;
}

function nodeLoader(packageName: string, gpu: boolean): BackendLoader {
  return async () => {
    await importNodePackage(packageName);
    await activateBackend(NODE_TF_BACKEND);
    const usingGpu = (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true;
    const detail = !gpu
      ? 'libtensorflow, CPU'
      : usingGpu
        ? 'libtensorflow, CUDA GPU'
        : 'libtensorflow, no GPU device found: runs on the CPU';
    return { tfBackend: NODE_TF_BACKEND, detail };
  };
}

const wasmLoader: BackendLoader = async () => {
  let wasm: { getThreadsCount(): number };
  try {
    wasm = await import('@tensorflow/tfjs-backend-wasm');
  } catch (error) {
    throw new BackendLoadError(describeImportFailure('@tensorflow/tfjs-backend-wasm', error));
  }
  await activateBackend('wasm');
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const threads = wasm.getThreadsCount();
  // Read (and so validated) now, so a bad SRNN_THREADS fails here and not inside a kernel.
  const productThreadCount = productThreads();
  const products =
    productThreadCount > 1 ? `; large matrix products on ${productThreadCount} threads` : '';
  // The product tiles' multiply-add (see kernels/multiply-add.ts).
  const vector = simd ? (relaxedMultiplyAdd() ? 'SIMD, relaxed multiply-add' : 'SIMD') : 'no SIMD';
  return {
    tfBackend: 'wasm',
    detail: `${vector}, ${threads} thread${threads === 1 ? '' : 's'}${products}`,
  };
};

const cpuLoader: BackendLoader = async () => {
  await activateBackend('cpu');
  return { tfBackend: 'cpu', detail: 'pure JavaScript' };
};

/** The real loaders: the tfjs-node packages (optional peers), the wasm package and tfjs's cpu. */
export const defaultLoaders: BackendLoaders = {
  'node-gpu': nodeLoader('@tensorflow/tfjs-node-gpu', true),
  node: nodeLoader('@tensorflow/tfjs-node', false),
  wasm: wasmLoader,
  cpu: cpuLoader,
};
