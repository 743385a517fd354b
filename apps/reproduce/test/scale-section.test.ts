// The README's scale section: the run's own report under the README's headings, after the sentence
// that says when and where the run was made; `pnpm docs:results --from` takes scale.json without
// the folder paths of the machine it ran on.
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { formatted } from '../src/docs/markdown';
import { renderReadme, repositoryRoot, RUN_FILES, takeRun } from '../src/docs/render-readme';
import { parseRunJson } from '../src/docs/run-json';
import { scaleRunSchema } from '../src/docs/run-json';
import { scalePlaceholder, scaleSection } from '../src/docs/scale-section';

const FIXTURE = join(__dirname, 'fixtures', 'scale-run.json');

async function fixture() {
  return parseRunJson(FIXTURE, await readFile(FIXTURE, 'utf8'), scaleRunSchema);
}

describe('the scale section', () => {
  it('says which machine and run, then gives the report with its headings under the README’s', async () => {
    const run = await fixture();
    const section = scaleSection(run);
    const lines = section.split('\n');
    expect(lines[0]).toMatch(/^Measured by `pnpm reproduce --experiment scale` started 2026-/);
    expect(section).toContain(`(${run.machine.cores} cores`);
    // No level-1 or level-2 heading of its own: the report's sections are level 4.
    expect(lines.filter((l) => /^#{1,2} /.test(l))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('#### '))).toEqual([
      '#### Data',
      '#### One SRNN(8,2) epoch',
    ]);
    // Every variant's step time, as the report writes it (one decimal).
    for (const v of run.extra.scale.variants) expect(section).toContain(v.msPerStep.toFixed(1));
  });

  it('is as the repository formatter leaves it (a later `pnpm format` changes nothing)', async () => {
    const section = scaleSection(await fixture());
    // The repository's own Prettier and configuration, in a child process (Prettier 3 loads its
    // parsers by dynamic import, which jest's module system does not run).
    const root = repositoryRoot(__dirname);
    const prettier = join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
    const out = execFileSync(process.execPath, [prettier, '--stdin-filepath', 'README.md'], {
      cwd: root,
      input: section,
      encoding: 'utf8',
    });
    expect(out).toBe(`${section}\n`);
  });

  it('names the command before a run is committed', () => {
    expect(scalePlaceholder('docs/results/scale.json')).toContain(
      '`pnpm reproduce --experiment scale --out results-scale`',
    );
  });
});

describe('pnpm docs:results --from a scale run', () => {
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'srnn-scale-docs-'));
  });
  afterEach(async () => rm(work, { recursive: true, force: true }));

  it('takes scale.json as docs/results/scale.json without the folder paths', async () => {
    const results = join(work, 'results');
    await mkdir(results);
    await mkdir(join(work, 'docs', 'results'), { recursive: true });
    await cp(FIXTURE, join(results, 'scale.json'));
    const lines = await takeRun(work, results);
    expect(lines).toEqual([
      `took ${join(results, 'scale.json')} as ${RUN_FILES.scale} (its folder paths left out)`,
    ]);
    const taken = await readFile(join(work, RUN_FILES.scale), 'utf8');
    expect(taken).not.toContain('/some/where');
    const settings = JSON.parse(taken).extra.settings;
    expect(settings.dataDir).toBeUndefined();
    expect(settings.workDir).toBeUndefined();
    expect(settings.dataset).toBe('amazon-f');
    // What was taken renders as the original does.
    expect(scaleSection(parseRunJson('taken', taken, scaleRunSchema))).toBe(
      scaleSection(await fixture()),
    );
  });

  it('with --check, refuses --from (which would copy the run in) and copies nothing', async () => {
    const results = join(work, 'results');
    await mkdir(results);
    await cp(FIXTURE, join(results, 'scale.json'));
    await expect(
      renderReadme({
        root: work,
        readme: join(work, 'README.md'),
        check: true,
        from: results,
        log: () => undefined,
      }),
    ).rejects.toThrow(/--check and --from .* together: --check changes nothing/);
    expect(existsSync(join(work, RUN_FILES.scale))).toBe(false);
  });

  it('takes nothing when one of the run files is bad, and names a folder that is not there', async () => {
    const results = join(work, 'results');
    await mkdir(results);
    await mkdir(join(work, 'docs', 'results'), { recursive: true });
    await cp(FIXTURE, join(results, 'scale.json'));
    // A bench run cut off mid-write, beside a good scale run.
    await writeFile(join(results, 'speed.json'), '{"generatedAt": "2026-12-06T18:15:00Z", "mach');
    await expect(takeRun(work, results)).rejects.toThrow(/speed\.json: not JSON/);
    expect(existsSync(join(work, RUN_FILES.scale))).toBe(false);
    await expect(takeRun(work, join(work, 'nowhere'))).rejects.toThrow(
      `--from ${join(work, 'nowhere')}: no such folder`,
    );
  });

  it('refuses a folder with none of the run files, naming the three', async () => {
    await writeFile(join(work, 'x.txt'), '');
    await expect(takeRun(work, work)).rejects.toThrow(
      'holds none of report.json, speed.json and scale.json',
    );
    expect(existsSync(join(work, RUN_FILES.scale))).toBe(false);
  });
});

describe('formatted', () => {
  it('pads a pipe table by its widest cells, keeping each column’s alignment, and wraps prose', () => {
    const md = [
      '#### A heading that is long enough to be left alone whatever its length, as headings are',
      '',
      '| name | ms |',
      '| --- | ---: |',
      '| a long name | 5 |',
      '| b | 12.5 |',
      '',
      `${'word '.repeat(24)}end`,
    ].join('\n');
    expect(formatted(md)).toBe(
      [
        '#### A heading that is long enough to be left alone whatever its length, as headings are',
        '',
        '| name        |   ms |',
        '| ----------- | ---: |',
        '| a long name |    5 |',
        '| b           | 12.5 |',
        '',
        `${'word '.repeat(19)}word`,
        `${'word '.repeat(4)}end`,
      ].join('\n'),
    );
  });
});
