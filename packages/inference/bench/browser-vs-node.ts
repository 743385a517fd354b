// Documents per second of the same model on the same texts: in headless Chromium (the exported
// page, wasm backend) beside Node (@srnn/inference on the cpu and wasm backends), one machine,
// one run. Usage: pnpm --filter @srnn/inference bench [-- --model DIR] (default: a fixture).
// Needs the built package (pnpm build) and /usr/bin/chromium.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { exportWebSite, loadClassifierFromDirectory, type TextClassifier } from '../dist/node.js';
import { launchChromium } from '../test/chromium';
import { serveDirectory } from '../test/static-server';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    model: { type: 'string', default: join(here, '../../../test-fixtures/legacy-models/srnn-gru') },
    repeats: { type: 'string', default: '5' },
  },
});
const repeats = Number(values.repeats);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** 400 texts: the 80 hand-written reviews, five times. */
async function texts(): Promise<string[]> {
  const csv = await readFile(join(here, '../../pipeline/test/fixtures/reviews.csv'), 'utf8');
  const reviews = csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => JSON.parse(line.slice(0, line.lastIndexOf(','))) as string);
  return Array.from({ length: 5 }, () => reviews).flat();
}

async function nodeRate(classifier: TextClassifier, inputs: string[]): Promise<number> {
  await classifier.classify(inputs); // warm-up
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    await classifier.classify(inputs);
    times.push(performance.now() - start);
  }
  return inputs.length / (median(times) / 1000);
}

const inputs = await texts();
const work = await mkdtemp(join(tmpdir(), 'srnn-bench-'));
const site = join(work, 'site');
const server = await serveDirectory(site);
const chromium = await launchChromium();
try {
  await exportWebSite({ model: values.model, out: site });
  const rates: Record<string, number> = {};
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const classifier = await loadClassifierFromDirectory(values.model);
    rates[`node ${backend}`] = await nodeRate(classifier, inputs);
    classifier.dispose();
  }
  const page = await chromium.browser.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => 'srnnClassifier' in globalThis);
  const pageTimes = await page.evaluate(
    async (texts: string[], n: number) => {
      const classifier = (globalThis as unknown as { srnnClassifier: TextClassifier })
        .srnnClassifier;
      await classifier.classify(texts);
      const times: number[] = [];
      for (let r = 0; r < n; r++) {
        const start = performance.now();
        await classifier.classify(texts);
        times.push(performance.now() - start);
      }
      return times;
    },
    inputs,
    repeats,
  );
  rates['chromium wasm (page)'] = inputs.length / (median(pageTimes) / 1000);
  console.log(`${inputs.length} texts, median of ${repeats} runs, model ${values.model}`);
  for (const [where, rate] of Object.entries(rates))
    console.log(`${where.padEnd(22)} ${rate.toFixed(0).padStart(7)} documents/s`);
} finally {
  await chromium.close();
  await server.close();
  await rm(work, { recursive: true, force: true });
}
