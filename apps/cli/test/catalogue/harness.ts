// What the bad-input catalogue needs around each case: a snapshot of every byte under a directory
// (to prove nothing finished changed), and the tally of outcomes it reports.
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file under `dir` (recursively) mapped to its SHA-256; symlinks to their target. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (path: string, rel: string): Promise<void> => {
    let info;
    try {
      info = await lstat(path);
    } catch {
      return;
    }
    if (info.isSymbolicLink()) out[rel] = `symlink:${await readlink(path)}`;
    else if (info.isDirectory()) {
      out[`${rel}/`] = 'dir';
      for (const name of await readdir(path)) await walk(join(path, name), `${rel}/${name}`);
    } else if (info.isFile() && info.size <= 64 * 1024 * 1024) {
      out[rel] = createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
    } else out[rel] = `size:${info.size}`;
  };
  await walk(dir, '.');
  return out;
}

/** How a case came out, as the catalogue counts it. */
export type Outcome = 'clear' | 'unclear' | 'silent-wrong' | 'crash';

/**
 * A refusal with the expected code whose message names what it must is 'clear'; a refusal that
 * names too little (or has another code) is 'unclear'; exit 0 where a refusal was due, a wrong
 * answer, or a changed finished file is 'silent-wrong'; a thrown error, a stack trace or a
 * JavaScript runtime error is 'crash'.
 */
export function classify(options: {
  threw: boolean;
  stderr: string;
  code: number;
  expectedCode: number;
  namesAll: boolean;
  diskUnchanged: boolean;
  checkPassed: boolean;
}): Outcome {
  const { threw, stderr, code, expectedCode } = options;
  if (
    threw ||
    /\b(TypeError|RangeError|ReferenceError|Cannot read properties)\b|\n\s+at /.test(stderr)
  )
    return 'crash';
  if (!options.diskUnchanged) return 'silent-wrong';
  if (expectedCode !== 0 && code === 0) return 'silent-wrong';
  if (expectedCode === 0 && code === 0 && !options.checkPassed) return 'silent-wrong';
  if (code !== expectedCode || !options.namesAll || !options.checkPassed) return 'unclear';
  return 'clear';
}

/**
 * Runs the command in its own process (from source, through tsx) and kills it when its resident
 * memory passes `maxRssMiB`: for inputs that could exhaust memory (e.g. a weights path that is
 * /dev/zero), whose failure must not take the test runner down with it.
 */
export async function runIsolated(
  argv: string[],
  maxRssMiB = 1536,
): Promise<{ code: number; stdout: string; stderr: string; killed: boolean }> {
  const { spawn } = await import('node:child_process');
  const { readFileSync } = await import('node:fs');
  const cli = join(__dirname, '..', '..', 'src', 'cli.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...argv], {
      env: { ...process.env, SRNN_DEBUG: '' },
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const watch = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
        if (rss > maxRssMiB) {
          killed = true;
          child.kill('SIGKILL');
        }
      } catch {
        // The process has ended.
      }
    }, 100);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(watch);
      resolve({
        code: code ?? -1,
        stdout,
        stderr: killed ? `${stderr}\n(killed: out of memory)` : stderr,
        killed,
      });
    });
  });
}
