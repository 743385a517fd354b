// [slow, a few minutes] `node scripts/new-package.mjs --cell NAME` makes a cell package that passes
// build, lint, typecheck and its tests unchanged: in a clone of the committed repository (so the
// working copy is never touched), install offline, scaffold, install again, then build, lint,
// typecheck and test the new package with turbo. On request only (SRNN_SCAFFOLD_TEST=1): it
// rebuilds the packages the new one depends on in the clone.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repositoryRoot = resolve(__dirname, '../../..');
const describeSlow = process.env['SRNN_SCAFFOLD_TEST'] === '1' ? describe : describe.skip;
const run = (command: string, args: string[], cwd: string): string =>
  execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });

describeSlow('[slow] scripts/new-package.mjs --cell', () => {
  let clone: string;
  beforeAll(() => {
    clone = join(mkdtempSync(join(tmpdir(), 'srnn-scaffold-')), 'repo');
    run('git', ['clone', '--quiet', '--local', repositoryRoot, clone], repositoryRoot);
    run('pnpm', ['install', '--offline', '--frozen-lockfile'], clone);
  });
  afterAll(() => rmSync(resolve(clone, '..'), { recursive: true, force: true }));

  it('scaffolds a cell package that builds, lints, type-checks and passes its tests', () => {
    const output = run('node', ['scripts/new-package.mjs', '--cell', 'scaffold-check'], clone);
    expect(output).toMatch(/created packages\/cell-scaffold-check \(cell 'scaffold-check'\)/);
    const manifest = JSON.parse(
      readFileSync(join(clone, 'packages/cell-scaffold-check/package.json'), 'utf8'),
    );
    expect(manifest.dependencies['@srnn/cells']).toBe('workspace:*');
    run('pnpm', ['install', '--offline', '--no-frozen-lockfile'], clone);
    const checks = run(
      'pnpm',
      [
        'exec',
        'turbo',
        'run',
        'build',
        'lint',
        'typecheck',
        'test',
        '--filter=@srnn/cell-scaffold-check',
      ],
      clone,
    );
    expect(checks).toMatch(/Tasks:\s+\d+ successful, \d+ total/);
    const results = JSON.parse(
      readFileSync(join(clone, 'packages/cell-scaffold-check/.test-results.json'), 'utf8'),
    );
    expect(results.numFailedTests).toBe(0);
    expect(results.numPassedTests).toBeGreaterThan(10);
    // A second scaffold under a taken name is refused.
    expect(() =>
      run('node', ['scripts/new-package.mjs', '--cell', 'scaffold-check'], clone),
    ).toThrow(/exists already/);
    expect(existsSync(join(clone, 'packages/cell-scaffold-check/README.md'))).toBe(true);
  });
});
