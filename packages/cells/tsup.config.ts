import { packageBuild } from '../../tsup.preset';

export default packageBuild({
  entry: ['src/index.ts', 'src/toolkit.ts', 'src/testing.ts', 'src/node.ts'],
});
