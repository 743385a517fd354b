import { packageBuild } from '../../tsup.preset';

export default packageBuild({
  // The CJS build needs import.meta.url (to find the wasm backend for the product workers).
  shims: true,
});
