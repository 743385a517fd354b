#!/usr/bin/env node
// Scaffolds packages/<name> (or apps/<name> with --app) with the project's standard files:
// package.json, tsconfig.json, tsup.config.ts, jest.config.cjs, src/index.ts, test/, README.md.
// usage: node scripts/new-package.mjs <name> "<one-line description>" [--app]
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [name, description = '', flag] = process.argv.slice(2);
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  console.error('usage: node scripts/new-package.mjs <name: lower-case letters, digits, dashes> "<description>" [--app]');
  process.exit(2);
}
const group = flag === '--app' ? 'apps' : 'packages';
const dir = join(new URL('..', import.meta.url).pathname, group, name);
if (existsSync(dir)) {
  console.error(`${group}/${name} exists already`);
  process.exit(2);
}
mkdirSync(join(dir, 'src'), { recursive: true });
mkdirSync(join(dir, 'test'), { recursive: true });
const write = (file, text) => writeFileSync(join(dir, file), text.replace(/^\n/, ''));

const pkg = {
  name: `@srnn/${name}`,
  version: '0.1.0',
  description,
  license: 'MIT',
  type: 'module',
  ...(group === 'apps' ? { private: true } : {}),
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.ts',
  exports: {
    '.': {
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
    './package.json': './package.json',
  },
  files: ['dist', 'README.md', 'LICENSE'],
  sideEffects: false,
  scripts: {
    build: 'tsup',
    test: 'jest --json --outputFile=.test-results.json',
    lint: 'eslint src test',
    typecheck: 'tsc --noEmit -p tsconfig.json',
  },
  dependencies: {},
  devDependencies: {},
};
write('package.json', JSON.stringify(pkg, null, 2) + '\n');
write('tsconfig.json', `
{
  "extends": "../../tsconfig.base.json",
  "include": ["src", "test", "bench"]
}
`);
write('tsup.config.ts', `
import { packageBuild } from '../../tsup.preset';

export default packageBuild();
`);
write('jest.config.cjs', `
module.exports = require('../../jest.preset.cjs')(__dirname);
`);
write('src/index.ts', `
export {};
`);
// Published packages carry the licence text (npm packs it from the package's own folder).
if (group === 'packages') copyFileSync(new URL('../LICENSE', import.meta.url), join(dir, 'LICENSE'));
write('README.md', `
# @srnn/${name}

${description}
`);
console.log(`created ${group}/${name}`);
