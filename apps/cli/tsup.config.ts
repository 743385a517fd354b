import { defineConfig } from 'tsup';

export default defineConfig({
  // index: the in-process API (main); cli: the `srnn` executable (tsup keeps its shebang).
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
});
