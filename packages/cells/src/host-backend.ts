import * as tf from '@tensorflow/tfjs';

// Backends whose tensors live in host memory, where reading token ids back costs a copy, not a
// stall of a GPU pipeline.
const HOST_BACKENDS = new Set(['cpu', 'wasm', 'tensorflow']);

// The mark @srnn/backend puts on its one-pass UnsortedSegmentSum kernels (cpu and wasm).
const ONE_PASS_SCATTER = Symbol.for('@srnn/one-pass-scatter');

/**
 * Whether gathering rows, and scattering their gradients back (UnsortedSegmentSum), is cheap on
 * the current backend: node's native kernel, or @srnn/backend's one-pass kernel on cpu or wasm.
 * Not on webgl (reading ids back stalls the GPU), nor on stock cpu, whose kernel makes one pass
 * per segment (about 100 ms for the gradient of a 256-row gather), nor on stock wasm, which has
 * none.
 */
export function gathersCheaply(): boolean {
  const backend = tf.getBackend();
  if (backend === 'tensorflow') return true;
  if (!HOST_BACKENDS.has(backend)) return false;
  const kernel = tf.getKernel('UnsortedSegmentSum', backend);
  return kernel !== undefined && ONE_PASS_SCATTER in kernel.kernelFunc;
}
