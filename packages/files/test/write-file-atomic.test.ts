import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  publishFile,
  removeStaleTemporaries,
  temporaryPathFor,
  temporaryTarget,
  writeFileAtomic,
} from '../src';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'srnn-files-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('creates, then replaces, a file with exactly the bytes given, leaving no temporary', async () => {
    const path = join(dir, 'sub', 'report.json');
    await writeFileAtomic(path, 'first');
    expect(await readFile(path, 'utf8')).toBe('first');
    const bytes = Uint8Array.from([0, 255, 7, 128]);
    await writeFileAtomic(path, bytes);
    expect(new Uint8Array(await readFile(path))).toEqual(bytes);
    expect(await readdir(join(dir, 'sub'))).toEqual(['report.json']);
  });

  it('leaves the old file whole and removes its temporary when stopped before the rename', async () => {
    const path = join(dir, 'model.json');
    await writeFile(path, 'old');
    let seen = '';
    await expect(
      writeFileAtomic(path, 'new', {
        beforeRename: async (temporary) => {
          // The temporary is complete, next to the target, and named as documented.
          seen = await readFile(temporary, 'utf8');
          expect(temporaryTarget(temporary)).toBe('model.json');
          throw new Error('stopped');
        },
      }),
    ).rejects.toThrow('stopped');
    expect(seen).toBe('new');
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['model.json']);
  });

  it('removes its temporary when the rename fails (a directory stands at the path)', async () => {
    const path = join(dir, 'taken');
    await mkdir(join(path, 'inside'), { recursive: true });
    await expect(writeFileAtomic(path, 'data')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
  });

  it('after a SIGKILL before the rename, the old file is whole and the stale temporary is found', async () => {
    const path = join(dir, 'labels.json');
    await writeFile(path, '["neg","pos"]');
    await writeFile(join(dir, 'notes.txt.1.0123abcd.tmp'), 'not ours');
    const killed = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      join(__dirname, 'fixtures', 'kill-before-rename.ts'),
      path,
      '["a","b","c"]',
    ]).catch((error: { signal?: string }) => error);
    expect((killed as { signal?: string }).signal).toBe('SIGKILL');
    expect(await readFile(path, 'utf8')).toBe('["neg","pos"]');
    const left = (await readdir(dir)).filter((n) => temporaryTarget(n) === 'labels.json');
    expect(left).toHaveLength(1);
    expect(await readFile(join(dir, left[0]!), 'utf8')).toBe('["a","b","c"]');
    expect(await removeStaleTemporaries(dir, (target) => target.endsWith('.json'))).toEqual(left);
    expect((await readdir(dir)).sort()).toEqual(['labels.json', 'notes.txt.1.0123abcd.tmp']);
  });
});

describe('temporary names', () => {
  it('are <target>.<pid>.<8 hex>.tmp, and only such names have a target', () => {
    const path = temporaryPathFor(join(dir, 'state-3.bin'));
    expect(path.startsWith(join(dir, 'state-3.bin.'))).toBe(true);
    expect(temporaryTarget(path)).toBe('state-3.bin');
    expect(temporaryTarget('checkpoint.json.4242.89abcdef.tmp')).toBe('checkpoint.json');
    expect(temporaryTarget('checkpoint.json.tmp')).toBeUndefined();
    expect(temporaryTarget('checkpoint.json.4242.89abcdeg.tmp')).toBeUndefined();
    expect(temporaryTarget('checkpoint.json.4242.89abcdef.tmp.bak')).toBeUndefined();
    expect(temporaryPathFor('x')).not.toBe(temporaryPathFor('x'));
  });
});

describe('publishFile', () => {
  it('moves a finished temporary over the target, and removes it when that fails', async () => {
    const path = join(dir, 'part-0.csv');
    const temporary = temporaryPathFor(path);
    await writeFile(temporary, 'a,b\n');
    await publishFile(temporary, path);
    expect(await readdir(dir)).toEqual(['part-0.csv']);
    expect(await readFile(path, 'utf8')).toBe('a,b\n');
    const blocked = join(dir, 'blocked');
    await mkdir(join(blocked, 'inside'), { recursive: true });
    const second = temporaryPathFor(blocked);
    await writeFile(second, 'x');
    await expect(publishFile(second, blocked)).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['blocked', 'part-0.csv']);
  });
});
