import { selectBackend } from '@srnn/backend';
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The hand-written fixtures: 80 restaurant reviews (pos/neg) and 72 topic sentences (3 topics). */
export const REVIEWS_CSV = join(__dirname, 'fixtures', 'reviews.csv');
export const TOPICS_JSONL = join(__dirname, 'fixtures', 'topics.jsonl');

/** The pure-JS backend (deterministic, always available) with the project's kernel fixes. */
export async function useCpu(): Promise<void> {
  // Production mode also silences TensorFlow.js's console notice.
  tf.env().set('PROD', true);
  await selectBackend({ backend: 'cpu', log: () => undefined });
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function temporaryDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'srnn-pipeline-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
