import { mkdir, readdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE, type BundleInput } from '../src';
import { readBundleDirectory, writeBundle, type WriteStep } from '../src/node';
import { inputFromLegacy, inTemporaryDir } from './helpers';

/** What a reader sees in `dir`: the labels of the complete bundle there, or 'none'. */
async function seen(dir: string): Promise<string> {
  try {
    return (await readBundleDirectory(dir, { allowLegacy: false })).labels.join(',');
  } catch (error) {
    if (/bundle\.json: not found/.test((error as Error).message)) return 'none';
    throw error;
  }
}

/** Two different complete bundles: the GRU model with its labels renamed, so a mix is detectable. */
async function oldAndNew(): Promise<{ old: BundleInput; next: BundleInput }> {
  const old = await inputFromLegacy('srnn-gru');
  const relabel = (labels: string[]) => {
    const model = JSON.parse(JSON.stringify(old.model));
    model.userDefinedMetadata.srnn.labels = labels;
    return { ...old, model, labels };
  };
  return { old: relabel(['bad', 'good']), next: relabel(['negative', 'positive']) };
}

const INTERRUPTED = new Error('killed here');

/** Writes `input` into `dir` with `error` thrown at step `at` (0-based); the write rejects with it. */
async function writeFailingAt(
  dir: string,
  input: BundleInput,
  at: number,
  error: Error,
): Promise<void> {
  let step = 0;
  await expect(
    writeBundle(dir, input, {
      onStep: () => {
        if (step++ === at) throw error;
      },
    }),
  ).rejects.toBe(error);
}

test('a kill at every step of a write leaves the old complete bundle or the new one, never a mix', async () => {
  const { old, next } = await oldAndNew();
  // Count the steps of one write.
  const steps: WriteStep[] = [];
  await inTemporaryDir((dir) => writeBundle(dir, old, { onStep: (s) => void steps.push(s) }));
  expect(steps.map((s) => s.kind)).toEqual([
    ...new Array(5).fill('write-file'),
    'publish-folder',
    'write-manifest',
    'publish-manifest',
    'clean-up',
  ]);

  for (const withOld of [false, true]) {
    for (let killAt = 0; killAt < steps.length; killAt++) {
      await inTemporaryDir(async (dir) => {
        if (withOld) await writeBundle(dir, old);
        await writeFailingAt(dir, next, killAt, INTERRUPTED);
        // Before the manifest's rename: the old bundle (or none); from it on: the new one.
        const published = steps[killAt]!.kind === 'clean-up';
        expect(await seen(dir)).toBe(
          published ? 'negative,positive' : withOld ? 'bad,good' : 'none',
        );
        // The next write succeeds and leaves one generation folder and the manifest only.
        await writeBundle(dir, next);
        expect(await seen(dir)).toBe('negative,positive');
        const entries = (await readdir(dir)).sort();
        expect(entries).toHaveLength(2);
        expect(entries[0]).toBe(MANIFEST_FILE);
        expect(entries[1]).toMatch(/^v-[0-9a-z]+-[0-9a-f]+$/);
      });
    }
  }
});

test('a write that fails before publishing leaves the directory as it was (no partial generation)', async () => {
  const { old, next } = await oldAndNew();
  const failure = new Error('no space left on device');
  // write-file x5, publish-folder, write-manifest, publish-manifest: every step before the
  // manifest's rename.
  for (let failAt = 0; failAt < 8; failAt++) {
    await inTemporaryDir(async (dir) => {
      await writeBundle(dir, old);
      const before = (await readdir(dir)).sort();
      await writeFailingAt(dir, next, failAt, failure);
      expect((await readdir(dir)).sort()).toEqual(before);
      expect(await seen(dir)).toBe('bad,good');
    });
  }
});

test("a killed writer's temporary and unpublished generation are removed by the next write", async () => {
  const { old, next } = await oldAndNew();
  await inTemporaryDir(async (dir) => {
    await writeBundle(dir, old);
    // What a writer killed mid-way leaves: a partial temporary, or a renamed but unpublished folder.
    for (const name of ['v-00000000-0123abcd.tmp', 'v-00000001-89abcdef']) {
      await mkdir(join(dir, name));
      await writeFile(join(dir, name, 'weights.bin'), 'partial');
    }
    await writeBundle(dir, next);
    const entries = (await readdir(dir)).sort();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toBe(MANIFEST_FILE);
    expect(await seen(dir)).toBe('negative,positive');
  });
});

test("a rewrite keeps entries that are not the bundle's own", async () => {
  const { old, next } = await oldAndNew();
  await inTemporaryDir(async (dir) => {
    await mkdir(join(dir, 'training'));
    await writeFile(join(dir, 'training', 'checkpoint.json'), '{}');
    await writeBundle(dir, old);
    await writeBundle(dir, next);
    expect((await readdir(dir)).filter((e) => !e.startsWith('v-')).sort()).toEqual([
      MANIFEST_FILE,
      'training',
    ]);
    expect(await readFile(join(dir, 'training', 'checkpoint.json'), 'utf8')).toBe('{}');
  });
});

test('a rewrite leaves folders that only look like generations (v-1-0, v-2024-01) alone', async () => {
  const { old, next } = await oldAndNew();
  await inTemporaryDir(async (dir) => {
    for (const name of ['v-1-0', 'v-2024-01']) {
      await mkdir(join(dir, name));
      await writeFile(join(dir, name, 'my-notes.txt'), name);
    }
    await writeBundle(dir, old);
    await writeBundle(dir, next);
    const generations = (await readdir(dir)).filter((e) => /^v-[0-9a-z]{8,}-[0-9a-f]{8}$/.test(e));
    // Only the new bundle's own generation is left of the two written.
    expect(generations).toHaveLength(1);
    for (const name of ['v-1-0', 'v-2024-01']) {
      expect(await readFile(join(dir, name, 'my-notes.txt'), 'utf8')).toBe(name);
    }
  });
});

test('a generation folder that is a symbolic link is refused, not followed out of the bundle', async () => {
  const { old } = await oldAndNew();
  await inTemporaryDir(async (dir) => {
    const bundle = join(dir, 'bundle');
    const manifest = await writeBundle(bundle, old);
    const generation = manifest.files.model.path.split('/')[0]!;
    // The same files, moved outside and linked back: every hash still matches.
    await rename(join(bundle, generation), join(dir, 'outside'));
    await symlink(join(dir, 'outside'), join(bundle, generation));
    await expect(readBundleDirectory(bundle)).rejects.toThrow(
      `is inside ${generation}, a symbolic link; a bundle holds regular folders and files only`,
    );
  });
});
