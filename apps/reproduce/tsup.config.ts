import { defineConfig } from 'tsup';

// An application: one CommonJS bundle of its own code; workspace packages stay external.
export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['cjs'],
  dts: false,
  clean: true,
  sourcemap: true,
  target: 'es2022',
});
