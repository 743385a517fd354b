// pnpm bench's browser section: the page and Node on the same model and texts, recorded with
// repository-relative paths, written to speed.md and speed.json; a clear "skipped" without a
// Chromium. No timing is asserted.
import { selectBackend } from '@srnn/backend';
import { chromiumMissing } from '@srnn/inference/bench';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '../src/docs/render-readme';
import { measureBrowser } from '../src/experiments/speed-browser';
import { emptySpeedReport, type SpeedReport } from '../src/experiments/speed';
import { writeSpeedReport } from '../src/speed-report';
import { PAPER_SIZES } from '../src/experiments/timing';

const root = repositoryRoot(__dirname);
const settings = {
  model: join(root, 'test-fixtures', 'legacy-models', 'srnn-gru'),
  texts: join(root, 'packages', 'pipeline', 'test', 'fixtures', 'reviews.csv'),
  copies: 2,
  repeats: 1,
  root,
};

beforeAll(async () => {
  await selectBackend({ backend: 'cpu', log: () => {} });
});

const emptyReport = (browser: SpeedReport['browser']): SpeedReport => ({
  ...emptySpeedReport(),
  ...(browser ? { browser } : {}),
});

const context = {
  backend: 'backend: cpu',
  startedAt: new Date().toISOString(),
  seconds: 1,
  loadAverageAtStart: [0, 0, 0],
};

(chromiumMissing() ? test.skip : test)(
  'the page and Node on the reviews, twice over: rows, ratio and the report',
  async () => {
    const logged: string[] = [];
    const browser = await measureBrowser(settings, (line) => logged.push(line));
    if ('skipped' in browser) throw new Error(browser.skipped);
    expect(browser.model).toBe(join('test-fixtures', 'legacy-models', 'srnn-gru'));
    expect(browser.textsFile).toBe(join('packages', 'pipeline', 'test', 'fixtures', 'reviews.csv'));
    // reviews.csv: 80 distinct reviews, after its header.
    const lines = (await readFile(settings.texts, 'utf8')).trim().split('\n').length - 1;
    expect([browser.distinctTexts, browser.texts]).toEqual([lines, 2 * lines]);
    expect(browser.rows.map((r) => `${r.where} ${r.backend}`)).toEqual([
      'node wasm',
      'node cpu',
      'chromium wasm',
    ]);
    expect(browser.browserToNode).toBeCloseTo(
      browser.rows[2]!.documentsPerSecond / browser.rows[0]!.documentsPerSecond,
      9,
    );
    expect(logged.some((l) => l.includes('headless Chromium'))).toBe(true);

    const out = await mkdtemp(join(tmpdir(), 'srnn-speed-browser-'));
    try {
      const md = await writeSpeedReport(
        out,
        emptyReport(browser),
        { stepLength: 64, rounds: 1, sizes: PAPER_SIZES },
        context,
      );
      expect(md).toContain('## Inference in a web page beside Node.js');
      expect(md).toContain(`| ${Math.round(browser.rows[2]!.documentsPerSecond)} |`);
      expect(md).toContain(`${browser.browserToNode!.toFixed(2)}x`);
      const json = JSON.parse(await readFile(join(out, 'speed.json'), 'utf8'));
      expect(json.extra.speed.browser).toEqual(JSON.parse(JSON.stringify(browser)));
      expect(JSON.stringify(json)).not.toContain(root);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  },
  60_000,
);

test('without a Chromium, speed.md says where it looked and what to install', async () => {
  const skipped = {
    skipped:
      "skipped: no chromium at /nowhere/chromium; install Debian's chromium (apt-get install -y chromium)",
  };
  const out = await mkdtemp(join(tmpdir(), 'srnn-speed-browser-'));
  try {
    const md = await writeSpeedReport(
      out,
      emptyReport(skipped),
      { stepLength: 64, rounds: 1, sizes: PAPER_SIZES },
      context,
    );
    expect(md).toContain(`Browser inference ${skipped.skipped}.`);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
