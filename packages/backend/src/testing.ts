/**
 * @packageDocumentation
 * Hooks and counters for tests and benchmarks (`@srnn/backend/testing`): the kernel fix table,
 * switching a backend between its stock kernels and the fixes, and what the product workers did.
 */
export { KERNEL_FIXES } from './register-kernel-fixes';
export { KernelSwap } from './kernel-swap';
export {
  MIN_SPLIT_FLOPS,
  productWorkerShares,
  setMinSplitFlops,
} from './kernels/parallel/split-products';
