import * as tf from '@tensorflow/tfjs';

// Backends whose tensors live in host memory, where reading token ids back costs a copy, not a
// stall of a GPU pipeline.
const HOST_BACKENDS = new Set(['cpu', 'wasm', 'tensorflow']);

/** Whether the current backend keeps tensors in host memory (cpu, wasm, node). */
export function tensorsOnHost(): boolean {
  return HOST_BACKENDS.has(tf.getBackend());
}
