import { defineConfig, type Options } from 'tsup';

/**
 * The build every package shares: ESM and CommonJS bundles of `src/index.ts` with type
 * declarations and source maps. A package passes only what differs (more entries, shims).
 */
export function packageBuild(overrides: Options = {}): ReturnType<typeof defineConfig> {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    ...overrides,
  });
}
