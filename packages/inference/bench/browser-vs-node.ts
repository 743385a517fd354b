// Documents per second of the same model on the same texts in the exported page (headless
// Chromium, wasm) beside Node (cpu and wasm backends): the measurement `pnpm bench` runs as its
// browser section, here on its own. Usage: pnpm --filter @srnn/inference bench [-- --model DIR]
// (default: a first-release fixture). Needs the built package (pnpm build) and /usr/bin/chromium.
import * as tf from '@tensorflow/tfjs';
import { readCsv } from '@srnn/datasets';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchBrowserAndNode } from '../dist/bench.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  // `pnpm ... bench -- --model DIR` passes the '--' on.
  args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--')),
  options: {
    model: { type: 'string', default: join(here, '../../../test-fixtures/legacy-models/srnn-gru') },
    repeats: { type: 'string', default: '5' },
  },
});

/** 2,000 texts: the 80 hand-written reviews, 25 times (long enough runs to time on a busy machine). */
const reviews: string[] = [];
for await (const record of readCsv(join(here, '../../pipeline/test/fixtures/reviews.csv'), {
  text: 'text',
  label: 'label',
})())
  reviews.push(record.text);
const texts = Array.from({ length: 25 }, () => reviews).flat();

await tf.setBackend('wasm');
const report = await benchBrowserAndNode({
  model: values.model,
  texts,
  repeats: Number(values.repeats),
});
if ('skipped' in report) console.log(`browser bench ${report.skipped}`);
else {
  console.log(`${report.texts} texts, median of ${report.repeats} rounds, model ${values.model}`);
  for (const row of report.rows)
    console.log(
      `${`${row.where === 'node' ? 'Node' : report.chromium} ${row.backend}`.padEnd(30)} ${row.documentsPerSecond.toFixed(0).padStart(7)} documents/s`,
    );
  if (report.browserToNode !== undefined)
    console.log(`page / Node (wasm): ${report.browserToNode.toFixed(2)}x`);
}
