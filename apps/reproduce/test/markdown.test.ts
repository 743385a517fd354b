import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { table } from '@srnn/eval';
import { repositoryRoot } from '../src';
import { alignedTable, bullet, grouped, wrapProse } from '../src/docs/markdown';

const root = repositoryRoot(__dirname);

/** The repository's formatter on a Markdown text: the reference for what "formatted" means. */
function prettier(markdown: string): string {
  const run = spawnSync(
    process.execPath,
    [join(root, 'node_modules/prettier/bin/prettier.cjs'), '--stdin-filepath', 'x.md'],
    { input: markdown, encoding: 'utf8', cwd: root },
  );
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout;
}

describe('generated Markdown', () => {
  const rows = [
    { model: 'SRNN(8,2)', ms: 123, note: 'a | b' },
    { model: 'GRU (tf.layers)', ms: 7195, note: '' },
  ];

  it('aligns tables exactly as Prettier does, so `pnpm format` leaves them alone', () => {
    const ours = alignedTable(rows, [
      { header: 'model', cell: (r) => r.model },
      { header: 'ms', cell: (r) => grouped(r.ms), align: 'right' },
      { header: 'note', cell: (r) => r.note },
    ]);
    // The same table unaligned (eval's writer), formatted by Prettier.
    const plain = table(rows, [
      { header: 'model', value: 'model' },
      { header: 'ms', value: (r) => grouped(r.ms), align: 'right' },
      { header: 'note', value: 'note', align: 'left' },
    ]).markdown();
    expect(`${ours}\n`).toBe(prettier(plain));
    expect(prettier(`${ours}\n`)).toBe(`${ours}\n`);
    expect(ours.split('\n')[3]).toBe('| GRU (tf.layers) | 7,195 |        |');
  });

  it('wraps prose at 100 columns without starting a line with a list or heading mark', () => {
    const words = Array.from({ length: 60 }, (_, i) => (i % 7 === 6 ? '-' : `word${i}`));
    const text = wrapProse(words.join(' '));
    const lines = text.split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(100);
      expect(line).not.toMatch(/^([-+*#>]|\d+[.)]) /);
    }
    expect(text.split(/\s+/)).toEqual(words);
    const item = bullet(words.join(' '));
    expect(item.startsWith('- word0')).toBe(true);
    for (const line of item.split('\n').slice(1)) expect(line).toMatch(/^ {2}\S/);
    expect(prettier(`${text}\n\n${item}\n`)).toBe(`${text}\n\n${item}\n`);
  });
});
