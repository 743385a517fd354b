// The README's example commands, run as written (srnn -> main) from this package's folder.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXIT } from '../src';
import { quietTf, srnn, temporaryDir } from './helpers';

/** Splits a shell command line into arguments (double quotes only, as the README uses). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** The README's `srnn ...` commands: continuation lines joined, comments dropped. */
async function readmeCommands(): Promise<string[]> {
  const readme = await readFile(join(__dirname, '..', 'README.md'), 'utf8');
  const block = /## Usage[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1]!;
  return block
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

test('the README usage commands run as written', async () => {
  quietTf();
  const commands = await readmeCommands();
  expect(commands.length).toBeGreaterThanOrEqual(7);
  const { dir, cleanup } = await temporaryDir();
  const cwd = process.cwd();
  process.chdir(join(__dirname, '..'));
  try {
    for (const command of commands) {
      let stdin: string | undefined;
      let line = command;
      const piped = /^printf '([^']*)' \| (.*)$/.exec(command);
      if (piped) {
        stdin = piped[1]!.replace(/\\n/g, '\n');
        line = piped[2]!;
      }
      const words = shellWords(line).map((w) => (w.startsWith('runs/') ? join(dir, w) : w));
      expect(words[0]).toBe('srnn');
      // `srnn bench` at the paper's sizes takes minutes on the cpu: run it at tiny sizes here.
      const argv =
        words[1] === 'bench'
          ? [
              'bench',
              '--max-len',
              '16',
              '--batch-size',
              '2',
              '--vocab',
              '20',
              '--embedding-dim',
              '2',
              '--units',
              '2',
              '--spec',
              'SRNN(4,1)',
              '--steps',
              '1',
              '--warmup',
              '0',
              '--backend',
              'cpu',
            ]
          : words.slice(1);
      const run = await srnn(argv, stdin === undefined ? {} : { stdin });
      expect({ command, code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({
        command,
        code: EXIT.ok,
        stderr: '',
      });
      if (piped) expect(run.stdout.trim().split('\n')).toHaveLength(2);
    }
  } finally {
    process.chdir(cwd);
    await cleanup();
  }
});
