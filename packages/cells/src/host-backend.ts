import * as tf from '@tensorflow/tfjs';

// Backends whose tensors live in host memory, where reading token ids back costs a copy, not a
// stall of a GPU pipeline.
const HOST_BACKENDS = new Set(['cpu', 'wasm', 'tensorflow']);

// The mark @srnn/backend puts on its one-pass UnsortedSegmentSum kernels (cpu and wasm).
const ONE_PASS_SCATTER = Symbol.for('@srnn/one-pass-scatter');

/**
 * Whether gathering rows is cheap on the current backend here: tensors in host memory (cpu, wasm,
 * node; reading ids back from a GPU would stall it) and, while a gradient is being recorded, a
 * scatter-add for the gathers' gradients (UnsortedSegmentSum) that makes one pass: node's, or
 * @srnn/backend's on cpu and wasm. The stock cpu kernel makes one pass per segment (about 100 ms
 * for the gradient of a 256-row gather); stock wasm has none. Inference needs no scatter.
 */
export function gathersCheaply(): boolean {
  const backend = tf.getBackend();
  if (!HOST_BACKENDS.has(backend)) return false;
  if (backend === 'tensorflow' || !tf.engine().isTapeOn()) return true;
  const kernel = tf.getKernel('UnsortedSegmentSum', backend);
  if (kernel === undefined) return false;
  return forced > 0 || ONE_PASS_SCATTER in kernel.kernelFunc;
}

let forced = 0;

/**
 * Runs `compute` with the paths {@link gathersCheaply} guards taken wherever they can run, however
 * slowly: for the conformance kit, whose inputs are tiny and whose checks must take those paths
 * on any backend a cell's tests use.
 */
export function withGathersForced<T>(compute: () => T): T {
  forced += 1;
  try {
    return compute();
  } finally {
    forced -= 1;
  }
}
