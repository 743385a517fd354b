// A run folder is a user's: a tampered or damaged checkpoint is refused with the file and the
// field named, never read as data.
import { appendFile, mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { trainClassifier } from '../src';
import { faultRun } from './fixtures/fault-run';
import { temporaryDirectory, useCpuBackend } from './helpers';

beforeAll(useCpuBackend);

/** A folder holding a checkpoint of a run stopped after step 2, and its manifest. */
async function stoppedRun() {
  const dir = await temporaryDirectory();
  const controller = { aborted: false };
  await trainClassifier({
    ...faultRun(),
    checkpointEveryMinutes: 60,
    outputDir: dir.path,
    signal: controller,
    onStepEnd: (info) => {
      if (info.globalStep === 2) controller.aborted = true;
    },
  });
  const path = join(dir.path, 'checkpoint.json');
  const manifest = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  return { dir, path, manifest };
}

const resume = (outputDir: string) => trainClassifier({ ...faultRun(), outputDir });

describe('a damaged or tampered checkpoint', () => {
  it.each([
    [
      'a state file outside the folder',
      { stateFile: '../../etc/passwd' },
      "stateFile: must be a file name like 'state-12.bin'",
    ],
    [
      'best weights outside the folder',
      { best: { epoch: 1, validationAccuracy: 0.5, file: '/dev/zero' } },
      "best.file: must be a file name like 'best-epoch-3-7.bin'",
    ],
    ['a negative step', { globalStep: -1 }, 'globalStep'],
    ['a malformed random state', { epochRandomState: [1, 2, 3, 4] }, 'epochRandomState'],
    ['an unknown version', { version: 7 }, 'not a srnn-eval-checkpoint file of version 1 or 2'],
  ])('is refused when it names %s', async (_what, change, message) => {
    const { dir, path, manifest } = await stoppedRun();
    try {
      await writeFile(path, JSON.stringify({ ...manifest, ...change }));
      const error = await resume(dir.path).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain(path);
      expect((error as Error).message).toContain(message);
    } finally {
      await dir.cleanup();
    }
  });

  it('is refused when the manifest is not JSON, naming the file', async () => {
    const { dir, path } = await stoppedRun();
    try {
      await writeFile(path, '{"format": "srnn-eval-che');
      await expect(resume(dir.path)).rejects.toThrow(`${path}: not valid JSON`);
    } finally {
      await dir.cleanup();
    }
  });

  it('is refused, unread, when the state file is longer than its tensors, no regular file, or missing', async () => {
    const { dir, manifest } = await stoppedRun();
    try {
      const state = join(dir.path, manifest['stateFile'] as string);
      await appendFile(state, new Uint8Array(8));
      await expect(resume(dir.path)).rejects.toThrow(
        new RegExp(`${state}: holds \\d+ bytes, but checkpoint\\.json's tensors take \\d+`),
      );
      await rm(state);
      await mkdir(state);
      await expect(resume(dir.path)).rejects.toThrow(`${state}: is not a regular file`);
      // Missing altogether: named, with what to do (it was a bare ENOENT).
      await rm(state, { recursive: true });
      await expect(resume(dir.path)).rejects.toThrow(
        `${state}: is missing, but checkpoint.json names it: delete the folder, or start over (srnn train --restart; resume: false through the API)`,
      );
    } finally {
      await dir.cleanup();
    }
  });

  it('is refused when the state file is truncated, naming it and the tensor', async () => {
    const { dir, manifest } = await stoppedRun();
    try {
      const state = join(dir.path, manifest['stateFile'] as string);
      await truncate(state, 10);
      await expect(resume(dir.path)).rejects.toThrow(
        new RegExp(`${state} is truncated: '.+' needs bytes up to`),
      );
    } finally {
      await dir.cleanup();
    }
  });
});
