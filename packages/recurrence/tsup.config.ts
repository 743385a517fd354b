import { packageBuild } from '../../tsup.preset';

export default packageBuild({
  entry: ['src/index.ts', 'src/testing.ts', 'src/worker-tasks.ts'],
  // import.meta.url (the worker tasks' file is resolved from it) in the CommonJS build too.
  shims: true,
});
