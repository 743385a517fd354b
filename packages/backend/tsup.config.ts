import { packageBuild } from '../../tsup.preset';

export default packageBuild({
  // index: the default (browser) entry; node: the same plus worker threads (the `node` condition).
  entry: ['src/index.ts', 'src/node.ts'],
  // The CJS build needs import.meta.url (to find the wasm backend for the product workers).
  shims: true,
});
