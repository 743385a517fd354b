import { packageBuild } from '../../tsup.preset';

export default packageBuild({
  // index: the browser-safe entry; node: the same plus the file system (`node` condition).
  entry: ['src/index.ts', 'src/node.ts'],
});
