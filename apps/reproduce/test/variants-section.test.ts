import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReadme, renderSections, repositoryRoot, RUN_FILES } from '../src';
import { parseRunJson, reproduceRunSchema } from '../src/docs/run-json';
import { variantsSection } from '../src/docs/variants-section';

const spread = (values: number[]) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
  return { n: values.length, mean, sd, min: Math.min(...values), max: Math.max(...values) };
};
const summary = (model: string, tests: number[], seconds: number[]) => ({
  model,
  seeds: [2018, 2019, 2020],
  testAccuracy: spread(tests),
  bestValidationAccuracy: spread(tests),
  secondsPerEpoch: spread(seconds),
});

/** The report.json of a variants run, with figures chosen to work out by hand. */
function variantsReport() {
  return {
    generatedAt: '2026-12-06T13:00:00.000Z',
    machine: {
      cpuModel: 'Test CPU',
      cores: 2,
      memoryBytes: 8 * 2 ** 30,
      platform: 'linux',
      arch: 'x64',
      nodeVersion: 'v20.1.0',
      tfVersion: '4.22.0',
    },
    runs: [],
    extra: {
      settings: {
        experiment: 'variants',
        seeds: [2018, 2019, 2020],
        vocabulary: 10000,
        embeddingDim: 100,
        units: 50,
        batchSize: 100,
        datasets: [
          { id: 'a', maxLength: 64, epochs: 8 },
          { id: 'b', maxLength: 256, epochs: 3 },
        ],
        table3Sizes: { vocabulary: 30000, embeddingDim: 200, units: 50, classes: 5 },
      },
      table2: [
        {
          dataset: 'a',
          documents: 1000,
          maxLength: 64,
          meanTokens: 11,
          skipped: {},
          runs: [],
          summaries: [
            summary('GRU', [0.7, 0.8, 0.9], [4, 4, 4]),
            // Test 0.80, 0.85, 0.90: 85.0 ± 5.0 (80.0–90.0); seconds 1, 2, 3: 2.00 ± 1.00.
            summary('SRNN(8,2)', [0.8, 0.85, 0.9], [1, 2, 3]),
            // +5.0 points on a, ranges 85–95 and 80–90 overlap; 3 s over 2 s: 1.50x.
            summary('SRNN(8,2)+attention', [0.85, 0.9, 0.95], [3, 3, 3]),
          ],
        },
        {
          dataset: 'b',
          documents: 5172,
          maxLength: 256,
          meanTokens: 165,
          skipped: { emptyText: 2 },
          runs: [],
          summaries: [
            summary('GRU', [0.9, 0.9, 0.9], [10, 10, 10]),
            summary('SRNN(8,2)', [0.96, 0.97, 0.98], [5, 5, 5]),
            // −2.0 points on b: 95.0 against 97.0, ranges 94–96 and 96–98 meet at 96: overlap.
            summary('SRNN(8,2)+attention', [0.94, 0.95, 0.96], [10, 10, 10]),
          ],
          failures: [{ model: 'BiSRNN(8,2)', seed: 2019, message: 'weights hold NaN' }],
        },
      ],
      table3: [],
      backend: 'backend: wasm (SIMD, 1 thread)',
      conditions: {
        startedAt: '2026-12-06T12:40:05.000Z',
        seconds: 300,
        loadAverageAtStart: [0.5, 0.4, 0.3],
      },
    },
  };
}

describe('the variants section', () => {
  const text = variantsSection(
    parseRunJson('variants.json', JSON.stringify(variantsReport()), reproduceRunSchema),
  );
  const flat = text.replace(/\s+/g, ' ');

  it('says which run, seeds and corpora, and what the spread is', () => {
    expect(flat).toContain(
      'Measured by `pnpm reproduce --experiment variants` started 2026-12-06 12:40 UTC',
    );
    expect(flat).toContain('Each model trained with 3 seeds (2018, 2019, 2020');
    expect(flat).toContain(
      'a (1,000 documents, T = 64, 8 epochs), b (5,172 documents, T = 256, 3 epochs)',
    );
    expect(flat).toContain('mean ± sample standard deviation (divisor n − 1), and the range');
  });

  it('gives mean ± sd (range) of test accuracy and mean ± sd seconds per model and corpus', () => {
    expect(text).toMatch(
      /\| SRNN\(8,2\) +\| +85\.0 ± 5\.0 \(80\.0–90\.0\) \| +97\.0 ± 1\.0 \(96\.0–98\.0\) \|/,
    );
    expect(text).toMatch(/\| GRU +\| +80\.0 ± 10\.0 \(70\.0–90\.0\) \|/);
    expect(text).toMatch(/\| SRNN\(8,2\) +\| +2\.00 ± 1\.00 \| +5\.00 ± 0\.00 \|/);
  });

  it('sets each variant beside SRNN(8,2), and lists failed runs', () => {
    expect(flat).toContain(
      "SRNN(8,2)+attention against SRNN(8,2): mean test accuracy +5.0 on a, −2.0 on b points; the ranges over the seeds overlap on 2 of 2 corpora; time per epoch 1.50x to 2.00x SRNN(8,2)'s.",
    );
    expect(flat).toContain('BiSRNN(8,2) on b, seed 2019, failed: weights hold NaN');
  });
});

describe('pnpm docs:results with a variants run', () => {
  const root = repositoryRoot(__dirname);
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'srnn-docs-variants-'));
    await mkdir(join(work, 'docs', 'results'), { recursive: true });
    for (const file of [RUN_FILES.reproduce, RUN_FILES.bench])
      await cp(join(root, file), join(work, file));
    await writeFile(
      join(work, 'README.md'),
      Object.keys(RUN_FILES)
        .map((n) => `<!-- generated:${n} -->\n<!-- end generated:${n} -->\n`)
        .join('\n'),
    );
  });
  afterEach(async () => rm(work, { recursive: true, force: true }));

  it('names the command until a run is committed, then takes an --experiment variants report.json as variants.json', async () => {
    const log: string[] = [];
    const run = (check: boolean, from?: string) =>
      renderReadme({
        root: work,
        readme: join(work, 'README.md'),
        check,
        ...(from ? { from } : {}),
        log: (l) => log.push(l),
      });
    expect(await run(false)).toBe(0);
    const before = await readFile(join(work, 'README.md'), 'utf8');
    expect(before).toContain('No run of `pnpm reproduce --experiment variants` is committed yet');

    const results = join(work, 'results');
    await mkdir(results);
    await writeFile(join(results, 'report.json'), JSON.stringify(variantsReport()));
    expect(await run(false, results)).toBe(0);
    expect(log).toContain(`took ${join(results, 'report.json')} as docs/results/variants.json`);
    // The table 2 run's JSON is left as it was.
    expect(await readFile(join(work, RUN_FILES.reproduce), 'utf8')).toBe(
      await readFile(join(root, RUN_FILES.reproduce), 'utf8'),
    );
    const sections = await renderSections(work);
    const after = await readFile(join(work, 'README.md'), 'utf8');
    expect(after).toContain(sections['variants']!);
    expect(sections['variants']).toContain('85.0 ± 5.0 (80.0–90.0)');
    expect(await run(true)).toBe(0);
    // A figure edited by hand is caught.
    await writeFile(join(work, 'README.md'), after.replace('85.0 ± 5.0', '86.0 ± 5.0'));
    expect(await run(true)).toBe(1);
    expect(log.at(-1)).toContain('generated section(s) variants differ');
  });
});
