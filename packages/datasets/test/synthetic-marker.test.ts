import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticDataset } from '../src/synthetic/generate';
import { readSyntheticMarker } from '../src/synthetic/marker';

describe('readSyntheticMarker', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'srnn-marker-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('reads back what the generator wrote', async () => {
    const summary = await generateSyntheticDataset({
      dataset: 'yelp-p',
      out: dir,
      documents: 20,
      seed: 5,
    });
    expect(await readSyntheticMarker(dir)).toEqual({
      file: join(dir, 'SYNTHETIC-DATA.md'),
      dataset: 'yelp-p',
      format: summary.format,
      documents: 20,
      seed: 5,
      files: summary.files,
      complete: true,
    });
    // A listed file replaced by a folder of its name is not complete.
    const first = join(dir, summary.files[0]!);
    await rm(first);
    await mkdir(first);
    expect((await readSyntheticMarker(dir))?.complete).toBe(false);
  });

  it('is undefined without a marker', async () => {
    expect(await readSyntheticMarker(dir)).toBeUndefined();
  });

  it('refuses a marker the generator did not write, naming the file and the field', async () => {
    await generateSyntheticDataset({ dataset: 'yelp-p', out: dir, documents: 5 });
    const marker = join(dir, 'SYNTHETIC-DATA.md');
    const text = await readFile(marker, 'utf8');
    await writeFile(marker, text.replace('"documents": 5', '"documents": "five"'));
    await expect(readSyntheticMarker(dir)).rejects.toThrow(
      new RegExp(`^${marker.replace(/[.\\/]/g, '\\$&')}, line \\d+: parameters\\.documents: `),
    );
    await writeFile(marker, text.replace(/- [^\n]*synthetic-[^\n]*/, '- ../outside.csv'));
    await expect(readSyntheticMarker(dir)).rejects.toThrow(
      /, line \d+: the file "\.\.\/outside\.csv" is outside the directory/,
    );
    // An entry without a name (it would have counted the directory itself as a listed file).
    const entryLine = text.split('\n').findIndex((l) => /^- .*synthetic-/.test(l)) + 1;
    for (const entry of ['- ', '- ./', '- a/../']) {
      await writeFile(marker, text.replace(/- [^\n]*synthetic-[^\n]*/, entry));
      await expect(readSyntheticMarker(dir)).rejects.toThrow(
        `${marker}, line ${entryLine}: a file entry without a file name; the generator lists each data file as "- name"`,
      );
    }
    await writeFile(marker, '# SYNTHETIC DATA\n');
    await expect(readSyntheticMarker(dir)).rejects.toThrow(
      `${marker}: no \`\`\`json parameters block, as the generator writes`,
    );
  });
});
