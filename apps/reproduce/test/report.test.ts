import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { writeReport, type ReproductionReport } from '../src';
import { handRun, threeSeeds } from './seed-runs';

function reportOf(table2: ReproductionReport['table2'], seeds: number[]): ReproductionReport {
  return {
    settings: { seeds },
    backend: 'backend: cpu',
    table2,
    table3: [],
    startedAt: '2026-12-06T12:00:00.000Z',
    seconds: 60,
    loadAverageAtStart: [0, 0, 0],
  };
}

describe('results.md and report.json', () => {
  let out: string;
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'srnn-report-'));
  });
  afterEach(async () => rm(out, { recursive: true, force: true }));

  it('give each model mean ± sd and range over its seeds, the records skipped and failed runs', async () => {
    const markdown = await writeReport(out, reportOf([threeSeeds()], [2018, 2019, 2020]));
    expect(markdown).toContain('956 documents, 44 records skipped (emptyText 44) from the source');
    expect(markdown).toContain('mean ± sample standard deviation (divisor n - 1)');
    // GRU: val 0.80/0.90/0.85 -> 85.00 ± 5.00; test 0.7/0.8/0.9 -> 80.00 ± 10.00, 70.00–90.00;
    // 4 s per epoch each. SRNN(8,2)+attention: 1, 2, 3 s -> 2.0 ± 1.0, 2x the GRU's speed.
    expect(markdown).toContain(
      '| GRU | 3 | 85.00 ± 5.00 | 80.00 ± 10.00 | 70.00–90.00 | 4.0 ± 0.0 | 1.0x |',
    );
    expect(markdown).toContain(
      '| SRNN(8,2)+attention | 3 | 70.00 ± 0.00 | 85.00 ± 5.00 | 80.00–90.00 | 2.0 ± 1.0 | 2.0x |',
    );
    // Each seed's own row, beside the GRU of the same seed (4 s / 3 s = 1.3x for seed 2020).
    expect(markdown).toMatch(
      /\| SRNN\(8,2\)\+attention \| 2020 \| 1000 \| 70\.00 \| 85\.00 \| .* \| 3\.0 \| 1\.3x \|/,
    );
    expect(markdown).toContain('- Failed: SRNN(8,2)+skip-padding (seed 2019): weights hold NaN');
    const csv = await readFile(join(out, 'table2.csv'), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^dataset,model,seed,params,/);
    const json = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    const [dataset] = json.extra.table2;
    expect(dataset.skipped).toEqual({ emptyText: 44 });
    expect(dataset.failures).toHaveLength(1);
    expect(dataset.runs.map((r: { seed: number }) => r.seed)).toEqual([
      2018, 2019, 2020, 2018, 2019, 2020,
    ]);
    expect(dataset.summaries[1]).toMatchObject({
      model: 'SRNN(8,2)+attention',
      seeds: [2018, 2019, 2020],
      testAccuracy: { n: 3, min: 0.8, max: 0.9 },
      secondsPerEpoch: { mean: 2, sd: 1 },
    });
  });

  it.each([
    ['absolute', (path: string) => path],
    ['relative to the working folder', (path: string) => relative(process.cwd(), path)],
  ])(
    "record the runs' paths relative to the results folder, however --out was spelled (%s)",
    async (_spelling, spell) => {
      const run = handRun('GRU', 2018, 0.8, 0.7, 4);
      const training = join(out, 'runs', 'uci-yelp', 'GRU', 'training');
      Object.assign(run.training, {
        outputDir: spell(training),
        bestWeightsPath: spell(join(training, 'best.bin')),
      });
      await writeReport(spell(out), reportOf([{ ...threeSeeds(), runs: [run] }], [2018]));
      const json = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
      expect(json.runs[0].outputDir).toBe(join('runs', 'uci-yelp', 'GRU', 'training'));
      expect(json.runs[0].bestWeightsPath).toBe(
        join('runs', 'uci-yelp', 'GRU', 'training', 'best.bin'),
      );
    },
  );

  it('keep the single-seed tables as they were, and say when no record was skipped', async () => {
    const single = {
      ...threeSeeds(),
      skipped: {},
      failures: [],
      runs: [handRun('GRU', 2018, 0.8, 0.7, 4), handRun('SRNN(8,2)', 2018, 0.9, 0.8, 2)],
    };
    const markdown = await writeReport(out, reportOf([single], [2018]));
    expect(markdown).toContain('956 documents, no records skipped from the source');
    expect(markdown).not.toContain('mean ± sd');
    expect(markdown).toMatch(/\| model \| params \| val % \| test % \|/);
    expect(markdown).toContain('| SRNN(8,2) | 1000 | 90.00 | 80.00 | 0.800 | 2.0 | 2.0x |');
    const json = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(json.extra.table2[0].summaries).toBeUndefined();
    expect(json.extra.table2[0].skipped).toEqual({});
    const csv = await readFile(join(out, 'table2.csv'), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^dataset,model,params,/);
  });
});
