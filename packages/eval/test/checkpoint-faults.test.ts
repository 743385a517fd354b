import { execFile } from 'node:child_process';
// The module object itself (a namespace import would be a copy that spies cannot reach).
import fsPromises from 'node:fs/promises';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { trainClassifier, type CompletedTraining, type InterruptedTraining } from '../src';
import { faultRun } from './fixtures/fault-run';
import { temporaryDirectory, useCpuBackend, weightBytes } from './helpers';

beforeAll(useCpuBackend);
afterEach(() => jest.restoreAllMocks());

const run = promisify(execFile);

/**
 * Trains (or resumes) the fault run to the end in `dir`, as a restarted process would: with the
 * same seeded model (a crash before the first checkpoint leaves nothing to resume from).
 */
async function finish(dir: string) {
  const options = faultRun();
  const result = (await trainClassifier({ ...options, outputDir: dir })) as CompletedTraining;
  expect(result.status).toBe('completed');
  return {
    weights: weightBytes(options.model),
    history: result.history.map((r) => r.loss),
    result,
  };
}

let reference: Awaited<ReturnType<typeof finish>>;
let writes = 0;
beforeAll(async () => {
  const dir = await temporaryDirectory();
  try {
    const rename = jest.spyOn(fsPromises, 'rename');
    const options = faultRun();
    const result = (await trainClassifier({
      ...options,
      outputDir: dir.path,
    })) as CompletedTraining;
    writes = rename.mock.calls.length;
    rename.mockRestore();
    reference = {
      weights: weightBytes(options.model),
      history: result.history.map((r) => r.loss),
      result,
    };
  } finally {
    await dir.cleanup();
  }
});

const same = (actual: Awaited<ReturnType<typeof finish>>) => {
  expect(actual.weights).toEqual(reference.weights);
  expect(actual.history).toEqual(reference.history);
  expect(actual.result.test).toEqual(reference.result.test);
};

describe('checkpoints within an epoch', () => {
  it('are written after each step when due, and a run killed with SIGKILL resumes exactly', async () => {
    // 8 steps: a state file and a manifest each, plus best weights and epoch-end checkpoints.
    expect(writes).toBeGreaterThanOrEqual(2 * 8);
    const dir = await temporaryDirectory();
    try {
      const killed = await run(process.execPath, [
        '--import',
        'tsx',
        join(__dirname, 'fixtures', 'kill-self.ts'),
        dir.path,
        '3',
      ]).catch((error: { signal?: string }) => error);
      expect((killed as { signal?: string }).signal).toBe('SIGKILL');
      const manifest = JSON.parse(await readFile(join(dir.path, 'checkpoint.json'), 'utf8')) as {
        globalStep: number;
        stepInEpoch: number;
      };
      // Mid-epoch: the checkpoint after step 3, not only the one at the epoch's end.
      expect([manifest.globalStep, manifest.stepInEpoch]).toEqual([3, 3]);
      same(await finish(dir.path));
    } finally {
      await dir.cleanup();
    }
  });

  it('are not written within an epoch before the interval has passed', async () => {
    const dir = await temporaryDirectory();
    try {
      await trainClassifier({ ...faultRun(), checkpointEveryMinutes: 60, outputDir: dir.path });
      const manifest = JSON.parse(await readFile(join(dir.path, 'checkpoint.json'), 'utf8')) as {
        sequence: number;
      };
      // One per epoch and the final one: sequence numbers 0, 1, 2.
      expect(manifest.sequence).toBe(2);
    } finally {
      await dir.cleanup();
    }
  });
});

describe('a crash at any file write of a checkpoint', () => {
  // Each write is a temporary file renamed into place: failing the k-th rename stops the run
  // just before that file would have appeared, as a kill there would.
  it('leaves a folder that resumes to the same bits, whichever write it hits', async () => {
    expect(writes).toBeGreaterThanOrEqual(2 * 8);
    for (let k = 1; k <= writes; k++) {
      const dir = await temporaryDirectory();
      try {
        let calls = 0;
        const real = fsPromises.rename;
        jest.spyOn(fsPromises, 'rename').mockImplementation(async (from, to) => {
          calls += 1;
          if (calls === k) throw new Error(`simulated crash at write ${k}`);
          return real(from, to);
        });
        await expect(trainClassifier({ ...faultRun(), outputDir: dir.path })).rejects.toThrow(
          `simulated crash at write ${k}`,
        );
        jest.restoreAllMocks();
        same(await finish(dir.path));
      } finally {
        await dir.cleanup();
      }
    }
  });
});

describe('the run folder', () => {
  it('resumes after being moved, and the stored result names the new place', async () => {
    const first = await temporaryDirectory();
    const second = await temporaryDirectory();
    try {
      const controller = { aborted: false };
      const stopped = (await trainClassifier({
        ...faultRun(),
        outputDir: first.path,
        signal: controller,
        onStepEnd: (info) => {
          if (info.globalStep === 5) controller.aborted = true;
        },
      })) as InterruptedTraining;
      expect(stopped.status).toBe('interrupted');
      const moved = join(second.path, 'moved');
      await rename(first.path, moved);
      const resumed = await finish(moved);
      same(resumed);
      expect(resumed.result.outputDir).toBe(moved);
      expect(dirname(resumed.result.bestWeightsPath)).toBe(moved);
      // No path of either place is stored: the folder can move again.
      const manifest = await readFile(join(moved, 'checkpoint.json'), 'utf8');
      expect(manifest).not.toContain(first.path);
      expect(manifest).not.toContain(second.path);
      const again = (await trainClassifier({
        ...faultRun(7),
        outputDir: moved,
      })) as CompletedTraining;
      expect(again.outputDir).toBe(moved);
    } finally {
      await first.cleanup();
      await second.cleanup();
    }
  });

  it('starting over in an old run folder never replaces a file the old manifest names', async () => {
    const dir = await temporaryDirectory();
    try {
      const controller = { aborted: false };
      await trainClassifier({
        ...faultRun(),
        checkpointEveryMinutes: 60,
        outputDir: dir.path,
        signal: controller,
        onStepEnd: (info) => {
          if (info.globalStep === 6) controller.aborted = true; // epoch 2: a best file exists
        },
      });
      const manifestPath = join(dir.path, 'checkpoint.json');
      const oldManifest = await readFile(manifestPath, 'utf8');
      const { stateFile, best } = JSON.parse(oldManifest) as {
        stateFile: string;
        best: { file: string };
      };
      const named = [stateFile, best.file, `${best.file}.json`];
      const oldBytes = await Promise.all(named.map((f) => readFile(join(dir.path, f))));
      // A new run (resume: false) killed at each write before its first manifest: its epoch-1
      // best weights (file and manifest), then its state file.
      for (const k of [1, 2, 3]) {
        let calls = 0;
        const real = fsPromises.rename;
        jest.spyOn(fsPromises, 'rename').mockImplementation(async (from, to) => {
          calls += 1;
          if (calls === k) throw new Error('simulated crash');
          return real(from, to);
        });
        await expect(
          trainClassifier({
            ...faultRun(),
            checkpointEveryMinutes: 60,
            outputDir: dir.path,
            resume: false,
          }),
        ).rejects.toThrow('simulated crash');
        jest.restoreAllMocks();
        expect(await readFile(manifestPath, 'utf8')).toBe(oldManifest);
        for (const [i, f] of named.entries()) {
          expect(await readFile(join(dir.path, f))).toEqual(oldBytes[i]);
        }
      }
    } finally {
      await dir.cleanup();
    }
  });

  it('loses the temporary files a killed process left, and nothing else', async () => {
    const dir = await temporaryDirectory();
    try {
      await writeFile(join(dir.path, 'state-3.bin.999999999.0123abcd.tmp'), 'half a file');
      await writeFile(join(dir.path, 'checkpoint.json.999999999.89abcdef.tmp'), '{"format"');
      await writeFile(join(dir.path, 'notes.txt.999999999.0123abcd.tmp'), 'not ours');
      await trainClassifier({ ...faultRun(), outputDir: dir.path });
      const names = await readdir(dir.path);
      expect(names.filter((n) => n.endsWith('.tmp'))).toEqual(['notes.txt.999999999.0123abcd.tmp']);
    } finally {
      await dir.cleanup();
    }
  });
});
