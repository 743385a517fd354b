import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleInput } from '../src';

/** The repository's first-release model directories. */
export const LEGACY = join(__dirname, '..', '..', '..', 'test-fixtures', 'legacy-models');

/** A fresh temporary directory and its cleanup. */
export async function temporaryDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'srnn-bundle-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs `use` on a fresh temporary directory, removed afterwards whatever `use` does. */
export async function inTemporaryDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const { dir, cleanup } = await temporaryDir();
  try {
    return await use(dir);
  } finally {
    await cleanup();
  }
}

/** SHA-256 with Node's own crypto (an independent reference for the WebCrypto hash). */
export const nodeSha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A bundle input made of a first-release directory's files (so a real model's parts). */
export async function inputFromLegacy(name: 'srnn-gru' | 'srnn-lstm'): Promise<BundleInput> {
  const dir = join(LEGACY, name);
  const json = async (file: string) => JSON.parse(await readFile(join(dir, file), 'utf8'));
  const config = await json('config.json');
  const model = await json('model.json');
  const cell = config.model.cell as string;
  return {
    createdBy: 'test',
    model,
    weights: new Uint8Array(await readFile(join(dir, 'weights.bin'))),
    tokenizer: await json('tokenizer.json'),
    labels: (await json('labels.json')).labels,
    config,
    agree: {
      vocabularySize: config.data.vocabularySize,
      maxLength: config.data.maxLength,
      textField: 'text',
      labelField: 'label',
    },
    cells: [{ name: cell, package: `@srnn/cell-${cell}` }],
  };
}
