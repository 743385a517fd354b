/**
 * The PyTorch peer of `pnpm bench` (peer/torch_step.py): finding a Python with torch, handing it
 * the same id batches as our models (as .npy files) and reading its timings.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EncodedSplit } from '@srnn/eval';
import { writeNpy } from './npy';

export interface PeerSettings {
  peer: 'auto' | 'skip';
  /** The Python for the peer; by default the first of python3 and /usr/bin/python3 that has torch. */
  python?: string;
  stepLength: number;
  steps: number;
  log: (line: string) => void;
}

/** The peer script shipped with this app. */
export function peerScriptPath(): string {
  // From dist/ the app folder is one level up; from src/experiments/ (tests) two.
  const fromDist = join(__dirname, '..', 'peer', 'torch_step.py');
  return existsSync(fromDist) ? fromDist : join(__dirname, '..', '..', 'peer', 'torch_step.py');
}

/** The Python that runs the peer, or why the peer is skipped (no Python with torch, --peer skip). */
export function findPeerPython(
  options: PeerSettings,
  script: string,
): { python: string } | { skipped: string } {
  if (options.peer === 'skip') return { skipped: 'skipped (--peer skip)' };
  if (!existsSync(script)) return { skipped: `skipped: ${script} not found` };
  const candidates = options.python ? [options.python] : ['python3', '/usr/bin/python3'];
  const python = candidates.find(
    (p) => spawnSync(p, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0,
  );
  if (!python) {
    return {
      skipped: `skipped: no Python with torch (tried ${candidates.join(', ')}; install torch, e.g. Debian's python3-torch and libopenblas0-pthread, to compare)`,
    };
  }
  return { python };
}

/** Files holding one batch's ids [rows, T] and labels [rows], for the peer to read. */
export interface PeerBatchFiles {
  ids: string;
  labels: string;
}

export async function writePeerBatch(
  dir: string,
  name: string,
  batch: EncodedSplit<Int32Array>,
): Promise<PeerBatchFiles> {
  const files = { ids: join(dir, `${name}-ids.npy`), labels: join(dir, `${name}-labels.npy`) };
  await writeNpy(files.ids, batch.x, batch.shape);
  await writeNpy(files.labels, batch.y, [batch.shape[0]]);
  return files;
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}

/** One run of the peer on a batch: its median ms per step for SRNN(8,2) and the GRU, or why not. */
export function runPeerOnce(
  python: string,
  script: string,
  options: PeerSettings,
  batch: number,
  threads: number,
  files?: PeerBatchFiles,
):
  { results: { model: 'srnn' | 'gru'; medianMs: number; version: string }[] } | { failed: string } {
  options.log(
    `bench: PyTorch peer, T = ${options.stepLength}, batch ${batch}, ${threads} thread(s)${files ? `, ids from ${files.ids}` : ''}`,
  );
  const run = spawnSync(
    python,
    [
      script,
      '--length',
      String(options.stepLength),
      '--slices',
      '8',
      '--depth',
      '2',
      '--batch',
      String(batch),
      '--threads',
      String(threads),
      '--steps',
      String(options.steps),
      ...(files ? ['--ids', files.ids, '--labels', files.labels] : []),
    ],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) return { failed: `the peer failed: ${lastLine(run.stderr)}` };
  const results = run.stdout
    .trim()
    .split('\n')
    .map((line) => {
      const r = JSON.parse(line) as { peer: string; model: 'srnn' | 'gru'; medianMs: number };
      return { model: r.model, medianMs: r.medianMs, version: r.peer };
    });
  return { results };
}

/** The peer's median ms for one float32 product [rows, inner] x [inner, cols] (torch.matmul). */
export function runPeerProduct(
  python: string,
  script: string,
  shape: [number, number, number],
  threads: number,
  repeats: number,
): { medianMs: number; version: string } | { failed: string } {
  const run = spawnSync(
    python,
    [script, '--matmul', shape.join(','), '--threads', String(threads), '--steps', String(repeats)],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) return { failed: `the peer failed: ${lastLine(run.stderr)}` };
  try {
    const r = JSON.parse(lastLine(run.stdout)) as { peer: string; medianMs: number };
    if (typeof r.medianMs !== 'number') throw new Error('no medianMs');
    return { medianMs: r.medianMs, version: r.peer };
  } catch (error) {
    return { failed: `the peer printed no product timing (${(error as Error).message})` };
  }
}
