// The browser bench's report: one row per Node backend and one for the page, each rate computed
// from its own runs, the ratio of the page to Node on the same (wasm) backend; and a clear
// "skipped" without a Chromium. No timing is asserted.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { join } from 'node:path';
import { benchBrowserAndNode } from '../src/bench';
import { chromiumMissing } from './chromium';

const MODEL = join(__dirname, '..', '..', '..', 'test-fixtures', 'legacy-models', 'srnn-gru');
const TEXTS = ['The food was great', 'cold food, rude waiter', 'ok', ''];

test('without a Chromium it says where it looked and what to install, and measures nothing', async () => {
  const report = await benchBrowserAndNode({
    model: MODEL,
    texts: TEXTS,
    chromium: join(__dirname, 'no-such-chromium'),
  });
  expect(report).toEqual({
    skipped: `skipped: no chromium at ${join(__dirname, 'no-such-chromium')}; install Debian's chromium (apt-get install -y chromium)`,
  });
});

const missing = chromiumMissing();
(missing ? test.skip : test)(
  'Node on two backends and the page, the same texts, the backend restored after',
  async () => {
    tf.env().set('PROD', true);
    await tf.setBackend('cpu');
    const report = await benchBrowserAndNode({ model: MODEL, texts: TEXTS, repeats: 3 });
    if ('skipped' in report) throw new Error(report.skipped);
    expect(tf.getBackend()).toBe('cpu');
    expect(report.rows.map((r) => [r.where, r.backend])).toEqual([
      ['node', 'wasm'],
      ['node', 'cpu'],
      ['chromium', 'wasm'],
    ]);
    expect(report.chromium).toMatch(/Chrom/);
    for (const row of report.rows) {
      expect(row.runsMs).toHaveLength(3);
      const middle = [...row.runsMs].sort((a, b) => a - b)[1]!;
      expect(row.documentsPerSecond).toBeCloseTo(TEXTS.length / (middle / 1000), 6);
    }
    expect(report.browserToNode).toBeCloseTo(
      report.rows[2]!.documentsPerSecond / report.rows[0]!.documentsPerSecond,
      9,
    );
  },
  60_000,
);
