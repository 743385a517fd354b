import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.preset';

export default defineConfig([
  // index: the default (browser) entry; node: the same plus directories (`node` condition).
  packageBuild({ entry: ['src/index.ts', 'src/node.ts'], shims: true }) as never,
  // The web page's script, one file for the browser with every dependency inside; `srnn export`
  // copies it and web/public (the page) into the site.
  {
    entry: { page: 'web/page.ts' },
    outDir: 'dist/web',
    format: ['iife'],
    platform: 'browser',
    target: 'es2022',
    noExternal: [/.*/],
    outExtension: () => ({ js: '.js' }),
    minify: true,
    sourcemap: false,
    dts: false,
    clean: false,
    publicDir: 'web/public',
    // Until @srnn/recurrence stops importing node:fs and node:url (see web/node-shims.ts).
    esbuildOptions(options) {
      options.alias = { fs: './web/node-shims.ts', url: './web/node-shims.ts' };
    },
  },
]);
