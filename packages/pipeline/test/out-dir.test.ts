// pending-run.json is written through @srnn/files' atomic write: what a killed write leaves (its
// temporary) is recognised as ours and removed, never taken for a stranger's file.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  clearRunInProgress,
  inspectOutDir,
  PENDING_RUN_FILE,
  writePendingRun,
} from '../src/out-dir';
import { temporaryDir } from './helpers';

const names = { outDir: '--out', restart: '--restart' };
const fingerprint = {
  data: { sha256: 'ab'.repeat(32), files: [] },
  settings: 'cd'.repeat(32),
  settingsValues: { units: 8 },
} as never;

test('a stale temporary of pending-run.json is ours: not refused, and cleared with the run', async () => {
  const dir = await temporaryDir();
  try {
    await writeFile(join(dir.dir, `${PENDING_RUN_FILE}.999999999.0123abcd.tmp`), '{"format"');
    await writeFile(join(dir.dir, `${PENDING_RUN_FILE}.tmp`), '{"fo');
    expect(await inspectOutDir(dir.dir, names)).toEqual({ kind: 'new' });
    await writePendingRun(dir.dir, fingerprint);
    const written = JSON.parse(await readFile(join(dir.dir, PENDING_RUN_FILE), 'utf8'));
    expect(written.fingerprint).toEqual(fingerprint);
    expect((await inspectOutDir(dir.dir, names)).kind).toBe('pending');
    await clearRunInProgress(dir.dir);
    expect(await readdir(dir.dir)).toEqual([]);
  } finally {
    await dir.cleanup();
  }
});

test("a stranger's .tmp file is still refused", async () => {
  const dir = await temporaryDir();
  try {
    await writeFile(join(dir.dir, 'notes.txt.999999999.0123abcd.tmp'), 'mine');
    await expect(inspectOutDir(dir.dir, names)).rejects.toThrow(/did not write/);
  } finally {
    await dir.cleanup();
  }
});

test("a user's folder that only looks like a bundle generation (v-1-0) is refused, not taken as ours", async () => {
  const dir = await temporaryDir();
  try {
    await mkdir(join(dir.dir, 'v-1-0'));
    await writeFile(join(dir.dir, 'v-1-0', 'my-notes.txt'), 'mine');
    await expect(inspectOutDir(dir.dir, names)).rejects.toThrow(/did not write \(v-1-0\)/);
  } finally {
    await dir.cleanup();
  }
});
