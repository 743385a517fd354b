import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import { makeBatchMatMulWasm } from './kernels/batch-mat-mul-wasm';
import { makeGatherWasm } from './kernels/gather-wasm';
import { makeSliceWasm } from './kernels/slice-wasm';
import { makeIdentityWasm, makeTransposeWasm } from './kernels/shared-identity-wasm';
import { makeSumWasm } from './kernels/sum-wasm';
import { makeUnpackWasm } from './kernels/unpack-wasm';
import { unsortedSegmentSumCpu, unsortedSegmentSumWasm } from './kernels/unsorted-segment-sum';

/** One kernel this package adds to, or replaces in, a TensorFlow.js backend. */
export interface KernelFix {
  kernelName: string;
  backendName: string;
  /** Builds the kernel; `stock` is the backend's own kernel of that name, if it has one. */
  make(stock: KernelConfig | undefined): KernelFunc;
  /** True when the backend has a stock kernel of this name that the fix replaces (else it adds one). */
  replacesStock: boolean;
  /** True when the fix wraps the stock kernel and so cannot be registered without it. */
  needsStock: boolean;
  /** One line on what the fix does, for documentation and benchmark tables. */
  why: string;
  /** What the stock kernel does wrong or slowly and how the fix differs (the README's table). */
  detail: string;
}

/** Every kernel fix, in the order they are registered. */
export const KERNEL_FIXES: readonly KernelFix[] = [
  {
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    make: () => unsortedSegmentSumWasm,
    replacesStock: false,
    needsStock: false,
    why: 'missing on wasm; the gradient of tf.gather (every trainable Embedding) needs it',
    detail:
      "Missing on wasm, so `tf.gather`'s gradient, and every trainable Embedding, failed there. One zero fill of the output, then one pass over the input on the wasm heap, adding each row into its segment with a SIMD loop.",
  },
  {
    kernelName: 'UnsortedSegmentSum',
    backendName: 'cpu',
    make: () => unsortedSegmentSumCpu,
    replacesStock: true,
    needsStock: false,
    why: 'one pass over the data instead of one pass per segment',
    detail:
      'The stock kernel builds a mask and sums all of x once per segment: O(segments × size), hours at a 30,000-word vocabulary. One pass instead.',
  },
  {
    kernelName: 'Slice',
    backendName: 'wasm',
    make: (stock) => makeSliceWasm(stock as KernelConfig),
    replacesStock: true,
    needsStock: true,
    why: 'reads the input in place instead of copying all of it for every slice',
    detail:
      'The stock kernel copies the whole input off the heap (`readSync`) for every slice; this one reads it in place and copies only the box.',
  },
  {
    kernelName: 'Unpack',
    backendName: 'wasm',
    make: (stock) => makeUnpackWasm(stock as KernelConfig),
    replacesStock: true,
    needsStock: true,
    why: 'copies each slab once instead of copying the whole input per output',
    detail:
      '`tf.unstack` ran the stock Slice once per output, copying the whole input each time; this one allocates the outputs and copies each slab once.',
  },
  {
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    make: (stock) => makeBatchMatMulWasm(stock as KernelConfig),
    replacesStock: true,
    needsStock: true,
    why: 'transposes and batches reach the XNNPACK product instead of a naive loop',
    detail:
      'The stock kernel uses XNNPACK only when nothing is transposed and both batches are 1; every matMul gradient and every batched product ran a naive loop. Here A·B and A·Bᵀ against one right operand (the input projection and its input gradient; a batch of A is folded into the rows of one product) run packed-product SIMD tiles, with B packed once into column panels (so its transpose costs nothing); Aᵀ·B (every weight gradient, batched or not) runs SIMD tiles that read both operands in place, with no transpose and no packed copy; equal batches, and everything without SIMD, run XNNPACK per batch on views of the heap, transposed operands transposed first. Also: an empty inner dimension now gives zeros (the stock kernel returned stale memory).',
  },
  {
    kernelName: 'GatherV2',
    backendName: 'wasm',
    make: (stock) => makeGatherWasm(stock as KernelConfig),
    replacesStock: true,
    needsStock: true,
    why: 'copies whole rows (the embedding lookup) instead of addressing every element',
    detail:
      'The embedding lookup: copies whole rows (one `memory.copy` each, in a WebAssembly loop) instead of addressing every element.',
  },
  {
    kernelName: 'Sum',
    backendName: 'wasm',
    make: (stock) => makeSumWasm(stock as KernelConfig),
    replacesStock: true,
    needsStock: true,
    why: 'sums over leading axes (bias gradients) in place instead of transposing the input first',
    detail:
      'The bias gradient (axis 0 of [16384,150], axes [0,1] of [32,512,150]): the stock kernel transposes the reduced axes innermost first, a full copy. When the reduced axes lead, this one adds the rows in place, a row at a time into the output (SIMD). Same float32 additions in the same order, so the same results. Other axes and dtypes go to the stock kernel. Also: an empty input now gives zeros (the stock kernel returned stale memory).',
  },
  {
    kernelName: 'Identity',
    backendName: 'wasm',
    make: (stock) => makeIdentityWasm(stock as KernelConfig),
    replacesStock: true,
    needsStock: true,
    why: "shares the input's memory (as Reshape does) instead of copying it",
    detail:
      '`tf.clone` and many gradients: the stock kernel copies the whole input; this one shares its memory with one more reference, as the stock Reshape does (no kernel writes into its inputs).',
  },
  {
    kernelName: 'Transpose',
    backendName: 'wasm',
    make: (stock) => makeTransposeWasm(stock as KernelConfig),
    replacesStock: true,
    needsStock: true,
    why: "shares the input's memory when the permutation moves no value (the gather gradient)",
    detail:
      "When the permutation moves no value (the identity, or one that only moves axes of size 1: the gradient of `tf.gather` transposes the [30000,200] table with perm [0,1]), shares the input's memory instead of copying 24 MB. Every other permutation goes to the stock kernel.",
  },
];

/** Kernel functions this package registered, to recognise them on a second call. */
const ours = new WeakSet<KernelFunc>();

function registeredKernel(kernelName: string, backendName: string): KernelConfig | undefined {
  return tf.getKernelsForBackend(backendName).find((k) => k.kernelName === kernelName);
}

/**
 * Registers this package's kernels for a TensorFlow.js backend: the ones it lacks and faster
 * replacements for ones it does slowly (see {@link KERNEL_FIXES}). Idempotent: a kernel already
 * fixed is left alone.
 *
 * For 'wasm', import `@tensorflow/tfjs-backend-wasm` first (selectBackend does), since the fixes
 * wrap its kernels and its import would otherwise overwrite them.
 *
 * @param backend - a tfjs backend name ('wasm', 'cpu', ...); defaults to the active backend.
 *   Backends with no fixes (such as 'tensorflow') are accepted and get none.
 * @returns the names of the kernels registered by this call (empty when all were in place).
 */
export function registerKernelFixes(backend: string = tf.getBackend()): string[] {
  const fixes = KERNEL_FIXES.filter((fix) => fix.backendName === backend);
  // Check first, so that a refusal leaves nothing half-registered.
  const missingStock = fixes.find(
    (fix) => fix.needsStock && registeredKernel(fix.kernelName, backend) === undefined,
  );
  if (missingStock !== undefined) {
    throw new Error(
      `registerKernelFixes('${backend}'): the ${backend} backend's own ${missingStock.kernelName} ` +
        `kernel is not registered yet; import '@tensorflow/tfjs-backend-${backend}' (or call ` +
        `selectBackend()) before registering the fixes`,
    );
  }
  const registered: string[] = [];
  for (const fix of fixes) {
    const current = registeredKernel(fix.kernelName, backend);
    if (current !== undefined && ours.has(current.kernelFunc)) continue;
    const kernelFunc = fix.make(current);
    ours.add(kernelFunc);
    if (current !== undefined) tf.unregisterKernel(fix.kernelName, backend);
    // The stock setup (if any) must still run when the backend initialises.
    const config: KernelConfig = { kernelName: fix.kernelName, backendName: backend, kernelFunc };
    if (current?.setupFunc !== undefined) config.setupFunc = current.setupFunc;
    if (current?.disposeFunc !== undefined) config.disposeFunc = current.disposeFunc;
    tf.registerKernel(config);
    registered.push(fix.kernelName);
  }
  return registered;
}

/** Names of the kernels fixed for `backend` right now (registered by this package). */
export function activeKernelFixes(backend: string): string[] {
  return KERNEL_FIXES.filter((fix) => fix.backendName === backend)
    .filter((fix) => {
      const current = registeredKernel(fix.kernelName, backend);
      return current !== undefined && ours.has(current.kernelFunc);
    })
    .map((fix) => fix.kernelName);
}
