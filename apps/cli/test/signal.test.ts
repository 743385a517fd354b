// Ctrl-C for real: the command runs in its own process (from source, through tsx) and gets SIGINT.
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { EXIT } from '../src';
import { temporaryDir } from './helpers';

const CLI = join(__dirname, '..', 'src', 'cli.ts');

/** Runs the command; calls `onStderr` with everything printed so far to standard error. */
function run(
  argv: string[],
  onStderr: (text: string, child: ReturnType<typeof spawn>) => void = () => undefined,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // tsx as a loader inside the one process (its own CLI would relay the signal to a child).
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...argv], {
      cwd: join(__dirname, '..'),
      env: { ...process.env, SRNN_DEBUG: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('SIGINT during training exits 130 with a checkpoint; the same command resumes', async () => {
  const { dir, cleanup } = await temporaryDir();
  try {
    const argv = [
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
      '4',
      '--batch-size',
      '20',
      '--backend',
      'cpu',
      '--progress',
      'lines',
      '--out',
      dir,
      '--json',
    ];
    let sent = false;
    const first = await run(argv, (stderr, child) => {
      // Interrupt once the first epoch is done, in the middle of the run.
      if (!sent && stderr.includes('epoch 1/4 done')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    expect(sent).toBe(true);
    expect(first.code).toBe(EXIT.interrupted);
    expect(first.stderr).toContain('training interrupted at epoch 2');
    // Said once: by the CLI, not again by the trainer's progress output.
    expect(first.stderr.match(/interrupted/g)).toHaveLength(1);
    expect(JSON.parse(first.stdout)).toEqual({ status: 'interrupted', out: dir });
    await expect(access(join(dir, 'training', 'checkpoint.json'))).resolves.toBeUndefined();
    // No bundle before the run completes (bundle.json is written last).
    await expect(access(join(dir, 'bundle.json'))).rejects.toThrow();

    const second = await run(argv);
    expect(second.code).toBe(EXIT.ok);
    expect(second.stderr).toContain('resuming from epoch 2');
    expect(JSON.parse(second.stdout)).toMatchObject({
      status: 'completed',
      resumed: true,
      epochs: 4,
    });
    await expect(access(join(dir, 'bundle.json'))).resolves.toBeUndefined();
  } finally {
    await cleanup();
  }
});
