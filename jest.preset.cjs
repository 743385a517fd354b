// Shared jest settings for every package: TypeScript through SWC (no type checking here; that is
// `pnpm typecheck`), and @srnn/* imports mapped to the sibling packages' sources so that tests never
// depend on a stale build.
const fs = require('node:fs');
const path = require('node:path');

const root = __dirname;

// Tests run in Node, so a package whose main entry has a `node` export condition (pointing at
// src/node.ts's build) resolves to src/node.ts, as an installed copy would under Node.
const hasNodeCondition = (name) => {
  const manifest = path.join(root, 'packages', name, 'package.json');
  if (!fs.existsSync(manifest)) return false;
  const main = JSON.parse(fs.readFileSync(manifest, 'utf8')).exports?.['.'];
  return typeof main === 'object' && main !== null && 'node' in main;
};
const nodeEntries = Object.fromEntries(
  fs
    .readdirSync(path.join(root, 'packages'))
    .filter((name) => hasNodeCondition(name))
    .map((name) => [`^@srnn/${name}$`, path.join(root, 'packages', name, 'src/node.ts')]),
);

/** @param {string} packageDir the package's folder (pass __dirname) */
module.exports = function jestConfig(packageDir, overrides = {}) {
  return {
    rootDir: packageDir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    transform: {
      '^.+\\.(t|j)sx?$': [
        '@swc/jest',
        {
          jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
          module: { type: 'commonjs' },
        },
      ],
    },
    moduleNameMapper: {
      ...nodeEntries,
      '^@srnn/([a-z0-9-]+)$': path.join(root, 'packages/$1/src/index.ts'),
      '^@srnn/([a-z0-9-]+)/([a-z0-9-]+)$': path.join(root, 'packages/$1/src/$2.ts'),
    },
    // ESM-only dependencies are transformed like our own sources.
    transformIgnorePatterns: [
      '/node_modules/(?!(\\.pnpm/)?(csv-parse|csv-stringify|hyparquet|hyparquet-writer)[@/])',
    ],
    setupFiles: [path.join(root, 'jest.quiet.cjs')],
    testTimeout: 120000,
    ...overrides,
  };
};
