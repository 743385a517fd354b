// The exported site in a real headless Chromium: it loads the bundle over HTTP (hashes checked
// with WebCrypto), runs the model on the wasm backend, and for 20 typed texts shows the same
// label and probabilities (to 1e-4) as @srnn/inference in Node on the cpu backend; for a model
// with attention, the page shows the top level's word spans that Node's explain gives.
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import {
  exportWebSite,
  loadClassifierFromDirectory,
  type AttendedSpan,
  type Prediction,
} from '../src/node';
import { trainAttentionModel } from './attention-model';
import { chromiumMissing, launchChromium } from './chromium';
import { serveDirectory } from '../src/static-server';

const LEGACY = join(__dirname, '..', '..', '..', 'test-fixtures', 'legacy-models');
const REVIEWS = join(__dirname, '..', '..', 'pipeline', 'test', 'fixtures', 'reviews.csv');

/** The page's shaded spans, as the page's marks record them. */
function shownSpans(page: Page): Promise<Required<AttendedSpan>[]> {
  return page.$$eval('#spans mark', (marks) =>
    marks.map((mark) => {
      const data = (mark as HTMLElement).dataset;
      return {
        words: mark.textContent ?? '',
        weight: Number(data['weight']),
        from: Number(data['from']),
        to: Number(data['to']),
      };
    }),
  );
}

/** 20 texts: 17 reviews of the training file, an unseen one, one of unknown words, one empty. */
async function texts(): Promise<string[]> {
  const lines = (await readFile(REVIEWS, 'utf8')).trim().split('\n').slice(1);
  const reviews = lines.map((line) => JSON.parse(line.slice(0, line.lastIndexOf(','))) as string);
  return [...reviews.slice(0, 17), 'Would the chef cook this again? Never.', 'qwzx vbnm', ''];
}

async function classifyInPage(page: Page, text: string): Promise<Prediction> {
  await page.$eval('#text', (element) => {
    (element as HTMLTextAreaElement).value = '';
  });
  await page.type('#text', text);
  await page.click('#classify');
  await page.waitForFunction(
    (expected) => document.getElementById('result')?.dataset['text'] === expected,
    {},
    text,
  );
  const json = await page.$eval(
    '#result',
    (element) => (element as HTMLElement).dataset['prediction']!,
  );
  return JSON.parse(json) as Prediction;
}

const missing = chromiumMissing();
if (missing) console.warn(`browser.test.ts ${missing}`);
const browserTest = missing ? test.skip : test;

browserTest.each(['srnn-gru', 'srnn-lstm'])(
  'the exported page of %s predicts as Node does, for 20 typed texts',
  async (name) => {
    tf.env().set('PROD', true);
    await tf.setBackend('cpu');
    const work = await mkdtemp(join(tmpdir(), 'srnn-web-'));
    const site = join(work, 'site');
    const server = await serveDirectory(site);
    const chromium = await launchChromium();
    try {
      await exportWebSite({ model: join(LEGACY, name), out: site });
      const node = await loadClassifierFromDirectory(join(site, 'model'));
      const inputs = await texts();
      const expected = await node.classify(inputs);
      node.dispose();

      const page = await chromium.browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(server.url);
      await page.waitForFunction(
        () => document.getElementById('status')?.dataset['state'] !== 'loading',
      );
      const status = await page.$eval(
        '#status',
        (e) => `${(e as HTMLElement).dataset['state']}: ${e.textContent}`,
      );
      expect(status).toMatch(/^ready: .*wasm backend/);

      for (const [i, text] of inputs.entries()) {
        const got = await classifyInPage(page, text);
        expect({ text, label: got.label, known: got.knownTokens }).toEqual({
          text,
          label: expected[i]!.label,
          known: expected[i]!.knownTokens,
        });
        for (const [label, p] of Object.entries(expected[i]!.probabilities))
          expect(Math.abs(got.probabilities[label]! - p)).toBeLessThan(1e-4);
      }
      expect(errors).toEqual([]);
      if (process.env['SRNN_SCREENSHOT'])
        await page.screenshot({ path: process.env['SRNN_SCREENSHOT'] });
    } finally {
      await chromium.close();
      await server.close();
      await rm(work, { recursive: true, force: true });
    }
  },
);

browserTest(
  'the page of a model with attention shows the word spans of Node’s explain, for 8 texts',
  async () => {
    tf.env().set('PROD', true);
    await tf.setBackend('cpu');
    const work = await mkdtemp(join(tmpdir(), 'srnn-web-'));
    const site = join(work, 'site');
    const server = await serveDirectory(site);
    const chromium = await launchChromium();
    try {
      await exportWebSite({ model: await trainAttentionModel(join(work, 'run')), out: site });
      const node = await loadClassifierFromDirectory(join(site, 'model'));
      const inputs = [...(await texts()).slice(0, 6), 'qwzx vbnm', ''];
      const expected = await node.classify(inputs, { explain: true });
      expect(node.hasAttention).toBe(true);
      node.dispose();

      const page = await chromium.browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(server.url);
      await page.waitForFunction(
        () => document.getElementById('status')?.dataset['state'] !== 'loading',
      );
      for (const [i, text] of inputs.entries()) {
        const got = await classifyInPage(page, text);
        expect(got.label).toBe(expected[i]!.label);
        const want = expected[i]!.attention!.at(-1)!.spans.filter((s) => s.words !== '');
        const shown = await shownSpans(page);
        expect(shown.map((s) => [s.words, s.from, s.to])).toEqual(
          want.map((s) => [s.words, s.from, s.to]),
        );
        shown.forEach((s, j) => expect(Math.abs(s.weight - want[j]!.weight)).toBeLessThan(1e-4));
        if (text === '') expect(shown).toEqual([]);
        else if (i < 6) expect(shown.length).toBeGreaterThan(0);
        if (i === 0 && process.env['SRNN_SCREENSHOT_ATTENTION'])
          await page.screenshot({ path: process.env['SRNN_SCREENSHOT_ATTENTION'] });
      }
      expect(await page.$eval('#attention', (e) => e.textContent)).toBe(
        'No known words to attend to.',
      );
      expect(errors).toEqual([]);
    } finally {
      await chromium.close();
      await server.close();
      await rm(work, { recursive: true, force: true });
    }
  },
  120_000,
);
