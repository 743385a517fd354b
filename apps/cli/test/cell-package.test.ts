// A cell package outside this repository, used by name: `train --cell-package` imports it from the
// user's project (the directory the command runs in), the bundle records it, and predict loads it
// from the user's project again, or says which package to install. Run as the built command in
// child processes, since the package is a real ES module resolved by Node.js.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { EXIT } from '../src';
import { REVIEWS_CSV } from './helpers';

const cli = resolve(__dirname, '..', 'dist', 'cli.js');
const cellsPackage = resolve(__dirname, '..', '..', '..', 'packages', 'cells');

async function srnnIn(
  cwd: string,
  argv: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [cli, ...argv], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let project: string;
let elsewhere: string;
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'srnn-cell-project-'));
  elsewhere = mkdtempSync(join(tmpdir(), 'srnn-no-cells-'));
  const modules = join(project, 'node_modules');
  mkdirSync(join(modules, '@srnn'), { recursive: true });
  symlinkSync(cellsPackage, join(modules, '@srnn', 'cells'), 'dir');
  const dir = join(modules, 'srnn-cell-gru-copy');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'srnn-cell-gru-copy', type: 'module', exports: { '.': './index.js' } }),
  );
  // A new cell: the GRU's definition under another name, as a contributor's package would register.
  writeFileSync(
    join(dir, 'index.js'),
    `import { getCell, registerCell } from '@srnn/cells';
     registerCell({ ...getCell('gru'), name: 'gru-copy', description: 'the GRU under another name',
       packageName: 'srnn-cell-gru-copy' });`,
  );
});
afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

test('train --cell-package: the cell trains, the bundle names its package, predict loads it from the project only', async () => {
  const out = join(project, 'model');
  const trained = await srnnIn(project, [
    'train',
    '--data',
    REVIEWS_CSV,
    '--model',
    'srnn',
    '--spec',
    'SRNN(2,1)',
    '--max-len',
    '8',
    '--cell-package',
    'srnn-cell-gru-copy',
    '--cell',
    'gru-copy,gru',
    '--embedding-dim',
    '4',
    '--units',
    '4',
    '--epochs',
    '1',
    '--backend',
    'cpu',
    '--progress',
    'none',
    '--out',
    out,
  ]);
  expect(trained.stderr).not.toContain('Error');
  expect(trained.code).toBe(EXIT.ok);
  const manifest = JSON.parse(readFileSync(join(out, 'bundle.json'), 'utf8'));
  expect(manifest.cells).toEqual([
    { name: 'gru-copy', package: 'srnn-cell-gru-copy' },
    { name: 'gru', package: '@srnn/cell-gru' },
  ]);

  const predicted = await srnnIn(project, ['predict', '--model', out, '--text', 'great food']);
  expect(predicted.code).toBe(EXIT.ok);
  expect(JSON.parse(predicted.stdout).label).toMatch(/^(pos|neg)$/);

  const evaluated = await srnnIn(project, [
    'evaluate',
    '--model',
    out,
    '--data',
    REVIEWS_CSV,
    '--json',
  ]);
  expect(evaluated.code).toBe(EXIT.ok);
  expect(JSON.parse(evaluated.stdout).accuracy).toBeGreaterThanOrEqual(0);

  // From a directory whose project lacks the package: nothing is loaded from the model directory.
  const missing = await srnnIn(elsewhere, ['predict', '--model', out, '--text', 'great food']);
  expect(missing.code).toBe(EXIT.failure);
  expect(missing.stderr).toContain(
    "the model needs the cell 'gru-copy' (npm package srnn-cell-gru-copy): install it in your project",
  );
  expect(missing.stdout).toBe('');
}, 120_000);
