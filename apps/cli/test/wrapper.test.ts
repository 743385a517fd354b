// The repository's entries around the built command (scripts/srnn.mjs, scripts/run-app.mjs): the
// command's own exit code survives Ctrl-C sent to the whole process group (as a terminal does),
// and relative paths are resolved against the directory the user ran the command from. Slow
// (> 20 s on a loaded machine): each run first checks the build through turbo, which is the point.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { EXIT } from '../src';
import { temporaryDir } from './helpers';

const ROOT = join(__dirname, '..', '..', '..');

function run(
  argv: string[],
  options: { env?: Record<string, string>; interruptWhen?: RegExp } = {},
): Promise<{ code: number | null; stdout: string; stderr: string; interrupted: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, {
      cwd: ROOT,
      detached: true,
      env: { ...process.env, SRNN_DEBUG: '', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (!interrupted && options.interruptWhen?.test(stderr)) {
        interrupted = true;
        process.kill(-child.pid!, 'SIGINT'); // the whole group, like Ctrl-C in a terminal
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, interrupted }));
  });
}

test('node scripts/srnn.mjs returns 130 after Ctrl-C to the process group', async () => {
  const { dir, cleanup } = await temporaryDir();
  try {
    const result = await run(
      [
        join(ROOT, 'scripts', 'srnn.mjs'),
        'train',
        '--corpus',
        'uci-yelp',
        '--limit',
        '400',
        '--model',
        'srnn',
        '--spec',
        'SRNN(4,2)',
        '--max-len',
        '32',
        '--vocab',
        '2000',
        '--embedding-dim',
        '16',
        '--units',
        '16',
        '--epochs',
        '6',
        '--batch-size',
        '20',
        '--backend',
        'cpu',
        '--progress',
        'lines',
        '--out',
        join(dir, 'run'),
      ],
      { interruptWhen: /epoch 1\/6 done/ },
    );
    expect(result.interrupted).toBe(true);
    expect(result.stderr).toContain('training interrupted');
    expect(result.code).toBe(EXIT.interrupted);
  } finally {
    await cleanup();
  }
});

test('relative paths are resolved against the directory the command was run from (INIT_CWD)', async () => {
  const result = await run(
    [
      join(ROOT, 'scripts', 'run-app.mjs'),
      'cli',
      'cli.cjs',
      'predict',
      '--model',
      'srnn-gru',
      '--text',
      'ok',
      '--backend',
      'cpu',
    ],
    { env: { INIT_CWD: join(ROOT, 'test-fixtures', 'legacy-models') } },
  );
  expect(result.stderr).not.toMatch(/not found/);
  expect(result.code).toBe(EXIT.ok);
  expect(JSON.parse(result.stdout).label).toBe('neg');
});
