import { packageBuild } from '../../tsup.preset';

export default packageBuild({
  // index: the default (browser) entry; node: the same plus loadCellPackage (`node` condition).
  entry: ['src/index.ts', 'src/node.ts', 'src/toolkit.ts', 'src/testing.ts'],
});
