// `srnn export --web`: a static site that classifies text in the browser. The site is the page
// (web/public/index.html and its script, built by this package for the browser), the wasm files
// of @tensorflow/tfjs-backend-wasm, and the model re-written as a bundle with SHA-256 hashes that
// the page checks with WebCrypto. The whole site is written next to its destination and renamed
// into place, so a reader sees the old site or the new one.
import { fileURLToPath } from 'node:url';
import { type BundleContents } from '@srnn/bundle';
import { readBundleDirectory, writeBundle } from '@srnn/bundle/node';
import { listCells } from '@srnn/model';
import { quantizeWeights, WEB_WEIGHTS, type WebWeights } from './quantize-weights';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';

/** The file that marks a directory as a site written by {@link exportWebSite}. */
export const SITE_MARKER = 'srnn-web.json';

/** The wasm binaries the page may ask for (plain, SIMD, threaded SIMD). */
const WASM_FILES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
];

/** Options of {@link exportWebSite}. */
export interface WebSiteOptions {
  /** The trained model directory (a bundle written by `srnn train`, or a first-release one). */
  model: string;
  /** Where the site goes: a new or empty directory, or a site written here before. */
  out: string;
  /**
   * How weights are stored (default float32): 'float16' halves every float32 weight's bytes,
   * 'uint8-embedding' stores the embedding as 8-bit codes (a quarter), the rest as float32.
   */
  weights?: WebWeights;
}

/** What {@link exportWebSite} wrote. */
export interface WebSiteSummary {
  out: string;
  /** Bytes of the whole site, and of its model. */
  bytes: number;
  modelBytes: number;
  labels: string[];
  notices: string[];
}

export class WebSiteError extends Error {
  override name = 'WebSiteError';
}

/** This package's folder (src/ in tests, dist/ when built: both one level down). */
// This file's folder in either build: CommonJS has __dirname; the ES module build has
// import.meta.url. (No bundler shim: it would land in the chunk the browser entry shares.)
const here = (): string =>
  typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
const packageRoot = () => resolve(here(), '..');

async function sizeOf(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const name of await readdir(path)) total += await sizeOf(join(path, name));
  return total;
}

/** The destination must be absent, empty, or a site we wrote (then it is replaced). */
async function checkDestination(out: string): Promise<'absent' | 'replace'> {
  const info = await stat(out).catch(() => undefined);
  if (!info) return 'absent';
  if (!info.isDirectory()) throw new WebSiteError(`${out}: exists and is not a directory`);
  const names = await readdir(out);
  if (names.length === 0 || names.includes(SITE_MARKER)) return 'replace';
  throw new WebSiteError(
    `${out}: not empty and not a site written by srnn export (no ${SITE_MARKER}); choose a new or empty directory`,
  );
}

function bundleInput(contents: BundleContents, mode: WebWeights) {
  const { labels: _labels, ...agree } = contents.agree;
  const { specs, weights } = quantizeWeights(contents.weightSpecs, contents.weights, mode);
  return {
    createdBy: '@srnn/inference 0.1.0 (web export)',
    model: { ...contents.model, weightsManifest: [{ paths: ['weights.bin'], weights: specs }] },
    weights,
    tokenizer: contents.tokenizer.toJSON(),
    labels: contents.labels,
    config: contents.config,
    agree,
    cells: contents.cells,
  };
}

/** Writes the static site for `options.model` into `options.out`. */
export async function exportWebSite(options: WebSiteOptions): Promise<WebSiteSummary> {
  if (options.weights !== undefined && !WEB_WEIGHTS.includes(options.weights))
    throw new WebSiteError(
      `weights: '${String(options.weights)}' is not one of ${WEB_WEIGHTS.join(', ')}`,
    );
  const out = resolve(options.out);
  const mode = await checkDestination(out);
  const contents = await readBundleDirectory(options.model);
  const missing = contents.cells.filter((c) => !listCells().includes(c.name));
  if (missing.length > 0)
    throw new WebSiteError(
      `${options.model}: the model needs the cell${missing.length > 1 ? 's' : ''} ${missing.map((c) => `'${c.name}'`).join(', ')}, which the web page does not include (it has ${listCells().join(', ')})`,
    );

  const pageDir = join(packageRoot(), 'dist', 'web');
  const wasmDir = dirname(
    createRequire(join(packageRoot(), 'package.json')).resolve('@tensorflow/tfjs-backend-wasm'),
  );
  const temporary = join(dirname(out), `.${basename(out)}.tmp-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(join(temporary, 'wasm'), { recursive: true });
    for (const name of ['index.html', 'page.js']) {
      await copyFile(join(pageDir, name), join(temporary, name)).catch((error: Error) => {
        throw new WebSiteError(
          `${join(pageDir, name)}: ${error.message} (is @srnn/inference built?)`,
        );
      });
    }
    for (const name of WASM_FILES)
      await copyFile(join(wasmDir, name), join(temporary, 'wasm', name));
    await writeBundle(
      join(temporary, 'model'),
      bundleInput(contents, options.weights ?? 'float32'),
    );
    await writeFile(
      join(temporary, SITE_MARKER),
      `${JSON.stringify({ writtenBy: '@srnn/inference 0.1.0', labels: contents.labels }, null, 2)}\n`,
    );
    const bytes = await sizeOf(temporary);
    const modelBytes = await sizeOf(join(temporary, 'model'));
    if (mode === 'replace') {
      const old = `${temporary}-old`;
      await rename(out, old);
      await rename(temporary, out);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temporary, out);
    }
    return { out, bytes, modelBytes, labels: [...contents.labels], notices: [...contents.notices] };
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
}
