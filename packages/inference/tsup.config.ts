import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.preset';

export default defineConfig([
  // index: the default (browser) entry; node: the same plus directories (`node` condition);
  // bench: the browser-against-Node measurement (Node only).
  // Its clean leaves dist/web alone: both builds run at once.
  packageBuild({
    entry: ['src/index.ts', 'src/node.ts', 'src/bench.ts'],
    clean: ['*.js', '*.cjs', '*.d.ts', '*.d.cts', '*.map'],
  }) as never,
  // The web page's script, one ES module for the browser with every dependency inside; `srnn export`
  // copies it and web/public (the page) into the site.
  {
    entry: { page: 'web/page.ts' },
    outDir: 'dist/web',
    // An ES module: bundled code builds URLs from import.meta.url (an iife has none).
    format: ['esm'],
    splitting: false,
    platform: 'browser',
    target: 'es2022',
    noExternal: [/.*/],
    outExtension: () => ({ js: '.js' }),
    minify: true,
    sourcemap: false,
    dts: false,
    clean: false,
    publicDir: 'web/public',
  },
]);
