import { packageBuild } from '../../tsup.preset';

// An application: one CommonJS bundle of its own code; workspace packages stay external.
export default packageBuild({
  entry: ['src/index.ts', 'src/cli.ts', 'src/render-readme-cli.ts'],
  format: ['cjs'],
  dts: false,
});
