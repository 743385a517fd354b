import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main, type CliContext } from '../src';

/** Hand-written fixtures: 80 restaurant reviews (pos/neg) and 72 topic sentences (3 topics). */
export const REVIEWS_CSV = join(__dirname, 'fixtures', 'reviews.csv');
export const TOPICS_JSONL = join(__dirname, 'fixtures', 'topics.jsonl');

/** What one run of the command printed, and its exit code. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `srnn <argv>` in-process with collected output, standard input from `stdin`. */
export async function srnn(
  argv: string[],
  options: { stdin?: string; signal?: CliContext['signal']; env?: Record<string, string> } = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from([options.stdin ?? '']),
    env: options.env ?? {},
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { code, stdout, stderr };
}

/** A fresh temporary directory and its cleanup. */
export async function temporaryDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'srnn-cli-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Quiets TensorFlow.js's one-time console notice in test output. */
export function quietTf(): void {
  tf.env().set('PROD', true);
}
