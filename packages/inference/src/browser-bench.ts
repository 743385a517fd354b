// Documents per second of one model on the same texts in the exported web page (headless
// Chromium, TensorFlow.js wasm backend) beside Node (@srnn/inference on this process's
// TensorFlow.js backends), one machine, one run. What `pnpm bench` and this package's bench
// script both run.
import * as tf from '@tensorflow/tfjs';
// Registers the wasm backend that Node's rows may name (one registration per process).
import '@tensorflow/tfjs-backend-wasm';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumMissing, launchChromium, CHROMIUM } from './chromium';
import type { TextClassifier } from './classifier';
import { loadClassifierFromDirectory } from './node';
import { serveDirectory } from './static-server';
import { exportWebSite } from './web-site';

export interface BrowserBenchOptions {
  /** A model directory written by `srnn train`; the page and Node both run its exported copy. */
  model: string;
  /** The texts, classified as one call per timed run (in batches of 100, as classify does). */
  texts: readonly string[];
  /**
   * Rounds after one warm-up (default 5), each timing Node on every backend and then the page;
   * each figure is the median of its rounds.
   */
  repeats?: number;
  /** Node's TensorFlow.js backends to time, in order (default ['wasm', 'cpu']). */
  nodeBackends?: string[];
  /** The Chromium executable (default Debian's). */
  chromium?: string;
  log?: (line: string) => void;
}

export interface BrowserBenchRow {
  where: 'node' | 'chromium';
  backend: string;
  documentsPerSecond: number;
  /** Each timed run's ms. */
  runsMs: number[];
}

export interface BrowserBenchReport {
  texts: number;
  repeats: number;
  /** The browser's version string (e.g. 'Chrome/131.0.6778.139'). */
  chromium: string;
  rows: BrowserBenchRow[];
  /** The page's documents per second over Node's on the same backend (wasm), when both ran. */
  browserToNode?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One timed classify of every text, in ms. */
async function timeOnce(classifier: TextClassifier, texts: readonly string[]): Promise<number> {
  const start = performance.now();
  await classifier.classify(texts);
  return performance.now() - start;
}

const rowOf = (
  where: BrowserBenchRow['where'],
  backend: string,
  texts: number,
  runsMs: number[],
): BrowserBenchRow => ({
  where,
  backend,
  documentsPerSecond: texts / (median(runsMs) / 1000),
  runsMs,
});

/** Times the page and Node; `{ skipped }` with the reason when there is no Chromium. */
export async function benchBrowserAndNode(
  options: BrowserBenchOptions,
): Promise<BrowserBenchReport | { skipped: string }> {
  const executable = options.chromium ?? CHROMIUM;
  const missing = chromiumMissing(executable);
  if (missing) return { skipped: missing };
  const { texts } = options;
  const repeats = options.repeats ?? 5;
  const log = options.log ?? (() => {});
  const work = await mkdtemp(join(tmpdir(), 'srnn-browser-bench-'));
  const site = join(work, 'site');
  const server = await serveDirectory(site);
  const chromium = await launchChromium(executable);
  const before = tf.getBackend();
  const classifiers: TextClassifier[] = [];
  try {
    await exportWebSite({ model: options.model, out: site });
    // Each Node backend gets its own classifier, whose weights stay on that backend.
    const backends = options.nodeBackends ?? ['wasm', 'cpu'];
    for (const backend of backends) {
      await tf.setBackend(backend);
      const classifier = await loadClassifierFromDirectory(join(site, 'model'));
      classifiers.push(classifier);
      await classifier.classify(texts); // warm-up
    }
    const page = await chromium.browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction(
      () => document.getElementById('status')?.dataset['state'] !== 'loading',
    );
    const status = await page.$eval('#status', (e) => e.textContent ?? '');
    if (!/wasm backend/.test(status)) throw new Error(`the page did not start: ${status}`);
    await page.evaluate(
      async (inputs: string[]) => {
        await (globalThis as unknown as { srnnClassifier: TextClassifier }).srnnClassifier.classify(
          inputs,
        );
      },
      [...texts],
    ); // warm-up
    // Rounds: Node on each backend, then the page, so that a noisy stretch hits all alike.
    log(
      `bench: Node (${backends.join(', ')}) and headless Chromium (the exported page), ${texts.length} texts, ${repeats} rounds after a warm-up`,
    );
    const nodeMs = backends.map((): number[] => []);
    const pageMs: number[] = [];
    for (let round = 0; round < repeats; round++) {
      for (const [i, backend] of backends.entries()) {
        await tf.setBackend(backend);
        nodeMs[i]!.push(await timeOnce(classifiers[i]!, texts));
      }
      pageMs.push(
        await page.evaluate(
          async (inputs: string[]) => {
            const classifier = (globalThis as unknown as { srnnClassifier: TextClassifier })
              .srnnClassifier;
            const start = performance.now();
            await classifier.classify(inputs);
            return performance.now() - start;
          },
          [...texts],
        ),
      );
    }
    const rows = backends.map((backend, i) => rowOf('node', backend, texts.length, nodeMs[i]!));
    const browser = rowOf('chromium', 'wasm', texts.length, pageMs);
    rows.push(browser);
    const nodeWasm = rows.find((r) => r.where === 'node' && r.backend === 'wasm');
    return {
      texts: texts.length,
      repeats,
      chromium: await chromium.browser.version(),
      rows,
      ...(nodeWasm
        ? { browserToNode: browser.documentsPerSecond / nodeWasm.documentsPerSecond }
        : {}),
    };
  } finally {
    for (const classifier of classifiers) classifier.dispose();
    if (before && tf.getBackend() !== before) await tf.setBackend(before);
    await chromium.close();
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}
