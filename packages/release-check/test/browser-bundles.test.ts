// Each browser-facing package, as built (dist) and resolved through its package.json export
// conditions, bundles for a browser with esbuild without any Node.js built-in module.
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const BROWSER_PACKAGES = [
  '@srnn/text',
  '@srnn/slicing',
  '@srnn/random',
  '@srnn/wasm-assembler',
  '@srnn/cells',
  '@srnn/row-gradients',
  '@srnn/backend',
  '@srnn/optimizers',
  '@srnn/recurrence',
  '@srnn/cell-gru',
  '@srnn/cell-lstm',
  '@srnn/model',
  '@srnn/errors',
  '@srnn/bundle',
  '@srnn/inference',
];

/**
 * Node built-ins still imported by a package's own build, with why; each must still be needed
 * (the test fails once it is not, so that the entry is removed).
 */
const PENDING: Record<string, string> = {};

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Records every import of a Node built-in, with the file that imports it. */
function builtinImports(found: { module: string; importer: string }[]): Plugin {
  return {
    name: 'node-builtins',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, (args) => {
        if (!builtins.has(args.path)) return undefined;
        found.push({ module: args.path, importer: args.importer });
        return { path: args.path, external: true };
      });
    },
  };
}

/** The package folder a bundled file belongs to (packages/<name>/dist/... in this repository). */
const packageOf = (file: string): string | undefined =>
  /packages\/([a-z0-9-]+)\/dist\//.exec(file)?.[1];

describe.each(BROWSER_PACKAGES)('%s bundled for the browser', (name) => {
  it('imports no Node.js built-in module', async () => {
    const found: { module: string; importer: string }[] = [];
    await build({
      stdin: {
        contents: `export * from '${name}';`,
        // Resolved from this package, which depends on every published one, as a user's app would.
        resolveDir: resolve(__dirname, '..'),
      },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      // TensorFlow.js is the user's to bundle (its own browser builds and bundler notes).
      external: ['@tensorflow/*'],
      plugins: [builtinImports(found)],
    });
    const ours = found.filter((f) => packageOf(f.importer) !== undefined);
    // Only the package's own dist files and its dependencies' are ours to answer for.
    const pending = Object.keys(PENDING).map((p) => p.slice('@srnn/'.length));
    const unexpected = ours.filter((f) => !pending.includes(packageOf(f.importer)!));
    const others = found.filter((f) => packageOf(f.importer) === undefined);
    expect({ ours: unexpected, thirdParty: others }).toEqual({ ours: [], thirdParty: [] });
  });
});

// jest refuses an empty table: the check runs while anything is pending.
if (Object.keys(PENDING).length > 0) {
  it.each(Object.entries(PENDING))('%s is still pending (%s)', async (name) => {
    const found: { module: string; importer: string }[] = [];
    await build({
      stdin: { contents: `export * from '${name}';`, resolveDir: resolve(__dirname, '..') },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      external: ['@tensorflow/*'],
      plugins: [builtinImports(found)],
    });
    const own = found.filter((f) => packageOf(f.importer) === name.slice('@srnn/'.length));
    if (own.length === 0) {
      throw new Error(`${name} bundles without Node built-ins now: remove it from PENDING`);
    }
  });
}
