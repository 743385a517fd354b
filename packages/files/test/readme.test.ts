// The README's example, run as written (in a temporary working folder).
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeStaleTemporaries, temporaryTarget, writeFileAtomic } from '../src';

it('runs the README example', async () => {
  const root = await mkdtemp(join(tmpdir(), 'srnn-files-readme-'));
  const cwd = process.cwd();
  process.chdir(root);
  try {
    await writeFileAtomic('runs/a/report.json', JSON.stringify({ accuracy: 0.9 }));
    expect(JSON.parse(await readFile('runs/a/report.json', 'utf8'))).toEqual({ accuracy: 0.9 });
    expect(temporaryTarget('report.json.999999999.0123abcd.tmp')).toBe('report.json');
    await writeFile('runs/a/report.json.999999999.0123abcd.tmp', '{"acc');
    expect(await removeStaleTemporaries('runs/a', (target) => target === 'report.json')).toEqual([
      'report.json.999999999.0123abcd.tmp',
    ]);
    expect(await readdir('runs/a')).toEqual(['report.json']);
  } finally {
    process.chdir(cwd);
    await rm(root, { recursive: true, force: true });
  }
});
