/**
 * `pnpm bench`'s browser section: documents per second of one trained model on the same texts in
 * the exported web page (headless Chromium, wasm) beside Node, measured by @srnn/inference's
 * bench (the one implementation, also behind `pnpm --filter @srnn/inference bench`).
 */
import { readCsv } from '@srnn/datasets';
import { benchBrowserAndNode } from '@srnn/inference/bench';
import { relative } from 'node:path';
import type { BrowserSection, BrowserSettings } from './speed-types';

export async function measureBrowser(
  settings: BrowserSettings,
  log: (line: string) => void,
): Promise<BrowserSection> {
  const distinct: string[] = [];
  for await (const record of readCsv(settings.texts, { text: 'text', label: 'label' })())
    distinct.push(record.text);
  const texts = Array.from({ length: settings.copies }, () => distinct).flat();
  const report = await benchBrowserAndNode({
    model: settings.model,
    texts,
    repeats: settings.repeats,
    log,
  });
  if ('skipped' in report) {
    log(`bench: browser inference ${report.skipped}`);
    return report;
  }
  return {
    ...report,
    model: relative(settings.root, settings.model),
    textsFile: relative(settings.root, settings.texts),
    distinctTexts: new Set(distinct).size,
  };
}
