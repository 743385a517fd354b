import { packageBuild } from '../../tsup.preset';

export default packageBuild({
  // index: the default (browser) entry; node: the same plus worker threads (the `node` condition);
  // internals: tfjs's private parts the kernels use; products: the packed-product SIMD tiles;
  // testing: hooks and counters for tests.
  entry: ['src/index.ts', 'src/node.ts', 'src/internals.ts', 'src/products.ts', 'src/testing.ts'],
  // One copy of each module in the CJS build too, so that /testing's counters are the kernels' own.
  splitting: true,
  // The CJS build needs import.meta.url (to find the wasm backend for the product workers).
  shims: true,
});
