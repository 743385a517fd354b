// The README's scale section: the run's own report under the README's headings, after the sentence
// that says when and where the run was made; `pnpm docs:results --from` takes scale.json without
// the folder paths of the machine it ran on.
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN_FILES, takeRun } from '../src/docs/render-readme';
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

  it('refuses a folder with none of the run files, naming the three', async () => {
    await writeFile(join(work, 'x.txt'), '');
    await expect(takeRun(work, work)).rejects.toThrow(
      'holds none of report.json, speed.json and scale.json',
    );
    expect(existsSync(join(work, RUN_FILES.scale))).toBe(false);
  });
});
