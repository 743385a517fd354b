import { packageBuild } from '../../tsup.preset';

// index: the in-process API (main); cli: the `srnn` executable (tsup keeps its shebang).
export default packageBuild({ entry: ['src/index.ts', 'src/cli.ts'] });
