import { packageBuild } from '../../tsup.preset';

export default packageBuild({
  entry: ['src/index.ts', 'src/testing.ts', 'src/worker-tasks.ts'],
  // import.meta.url (the worker tasks' file is resolved from it) in the CommonJS build too.
  shims: true,
  // Shared chunks in the CommonJS build too, so that the index and the testing entry share one
  // instance of the module state (compiled cells, worker-share counters) there as in ESM.
  splitting: true,
});
