#!/usr/bin/env node
// Scaffolds packages/<name> (or apps/<name> with --app) with the project's standard files:
// package.json, tsconfig.json, tsup.config.ts, jest.config.cjs, src/index.ts, test/, README.md.
// With --cell NAME: packages/cell-NAME, a working recurrent cell package (see new-cell-package.mjs).
// usage: node scripts/new-package.mjs <name> "<one-line description>" [--app]
//        node scripts/new-package.mjs --cell <name> ["<one-line description>"]
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cellPackageFiles, cellPackageJson } from './new-cell-package.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);

if (args[0] === '--cell') {
  const [, cell, description = `The ${args[1]} recurrent cell for @srnn/model`] = args;
  if (!cell || !/^[a-z][a-z0-9-]*$/.test(cell)) {
    console.error(
      'usage: node scripts/new-package.mjs --cell <name: lower-case letters, digits, dashes, starting with a letter> ["<description>"]',
    );
    process.exit(2);
  }
  const dir = join(root, 'packages', `cell-${cell}`);
  if (existsSync(dir)) {
    console.error(`packages/cell-${cell} exists already`);
    process.exit(2);
  }
  // The versions this repository pins, read from a cell package that has them.
  const lstm = JSON.parse(readFileSync(join(root, 'packages/cell-lstm/package.json'), 'utf8'));
  const versions = { zod: lstm.dependencies.zod, tfjs: lstm.devDependencies['@tensorflow/tfjs'] };
  const files = {
    'package.json': JSON.stringify(cellPackageJson(cell, description, versions), null, 2) + '\n',
    ...cellPackageFiles(cell, description),
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  copyFileSync(join(root, 'LICENSE'), join(dir, 'LICENSE'));
  console.log(
    `created packages/cell-${cell} (cell '${cell}'); next: pnpm install, then ` +
      `pnpm exec turbo run build lint typecheck test --filter=@srnn/cell-${cell}`,
  );
  process.exit(0);
}

const [name, description = '', flag] = args;
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  console.error(
    'usage: node scripts/new-package.mjs <name: lower-case letters, digits, dashes> "<description>" [--app]',
  );
  process.exit(2);
}
const group = flag === '--app' ? 'apps' : 'packages';
const dir = join(root, group, name);
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
write(
  'tsconfig.json',
  `
{
  "extends": "../../tsconfig.base.json",
  "include": ["src", "test", "bench"]
}
`,
);
write(
  'tsup.config.ts',
  `
import { packageBuild } from '../../tsup.preset';

export default packageBuild();
`,
);
write(
  'jest.config.cjs',
  `
module.exports = require('../../jest.preset.cjs')(__dirname);
`,
);
write(
  'src/index.ts',
  `
export {};
`,
);
// Published packages carry the licence text (npm packs it from the package's own folder).
if (group === 'packages') copyFileSync(join(root, 'LICENSE'), join(dir, 'LICENSE'));
write(
  'README.md',
  `
# @srnn/${name}

${description}
`,
);
console.log(`created ${group}/${name}`);
