import { packageBuild } from '../../tsup.preset';

export default packageBuild({
  // The CJS build needs import.meta.url (to find the bundled corpora's packages).
  shims: true,
});
