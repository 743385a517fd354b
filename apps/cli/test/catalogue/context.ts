// The files and directories a catalogue case works on: a fresh directory per case, the data
// fixtures, a trained model to copy and damage, and helpers that find a model's files whether the
// directory is a bundle (bundle.json lists them) or a directory written by the first release.
import { createHash } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REVIEWS_CSV, TOPICS_JSONL } from '../helpers';

/** What a case's functions get. */
export interface CaseContext {
  /** A fresh directory for this case alone. */
  dir: string;
  /** A copy of the catalogue's trained model (reviews.csv, SRNN(4,1)), made before setup. */
  model: string;
  /** Writes `content` to `dir/name` and returns its path. */
  file(name: string, content: string | Uint8Array): Promise<string>;
}

/** Tiny, quick training settings (one epoch on the cpu backend). */
export const QUICK = [
  '--model',
  'srnn',
  '--spec',
  'SRNN(4,1)',
  '--max-len',
  '16',
  '--vocab',
  '100',
  '--embedding-dim',
  '8',
  '--units',
  '8',
  '--epochs',
  '1',
  '--batch-size',
  '16',
  '--seed',
  '5',
  '--backend',
  'cpu',
  '--progress',
  'none',
];

/** `srnn train` on `data` into `out` with the quick settings, plus `extra`. */
export const train = (data: string, out: string, extra: string[] = []) => [
  'train',
  '--data',
  data,
  ...QUICK,
  ...extra,
  '--out',
  out,
];

export { REVIEWS_CSV, TOPICS_JSONL };

let reviewsText: string | undefined;
/** The reviews fixture's text (header `text,label`, 80 rows, labels pos/neg). */
export async function reviews(): Promise<string> {
  reviewsText ??= await readFile(REVIEWS_CSV, 'utf8');
  return reviewsText;
}

/** `content` with `line` inserted so that it becomes 1-based line `at`. */
export function insertLine(content: string, at: number, line: string): string {
  const lines = content.split('\n');
  lines.splice(at - 1, 0, line);
  return lines.join('\n');
}

/** The reviews as JSONL lines `{"text": ..., "label": ...}`. */
export async function reviewsJsonl(): Promise<string> {
  const rows = (await reviews()).trim().split('\n').slice(1);
  return (
    rows
      .map((row) => {
        const text = row.slice(1, row.lastIndexOf('"'));
        const label = row.slice(row.lastIndexOf(',') + 1);
        return JSON.stringify({ text, label });
      })
      .join('\n') + '\n'
  );
}

/** The reviews as TSV (`text<TAB>label`). */
export async function reviewsTsv(): Promise<string> {
  const rows = (await reviews()).trim().split('\n').slice(1);
  return (
    'text\tlabel\n' +
    rows
      .map((row) => `${row.slice(1, row.lastIndexOf('"'))}\t${row.slice(row.lastIndexOf(',') + 1)}`)
      .join('\n') +
    '\n'
  );
}

interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
}
type Role = 'model' | 'weights' | 'tokenizer' | 'labels' | 'config';
const LEGACY: Record<Role, string> = {
  model: 'model.json',
  weights: 'weights.bin',
  tokenizer: 'tokenizer.json',
  labels: 'labels.json',
  config: 'config.json',
};

async function manifestOf(
  dir: string,
): Promise<{ files: Record<string, ManifestEntry> } | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'bundle.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** The path of a model directory's file by role (bundle or first-release layout). */
export async function modelFile(dir: string, role: Role): Promise<string> {
  const manifest = await manifestOf(dir);
  const entry = manifest?.files[role];
  return join(dir, entry ? entry.path : LEGACY[role]);
}

/**
 * Rewrites bundle.json's sizes and hashes to match the files as they now are, so that a damaged
 * file is caught by the content checks rather than by its hash (no-op for a first-release dir).
 */
export async function rehash(dir: string): Promise<void> {
  const manifest = await manifestOf(dir);
  if (!manifest) return;
  for (const entry of Object.values(manifest.files)) {
    const bytes = await readFile(join(dir, entry.path));
    entry.size = bytes.length;
    entry.sha256 = createHash('sha256').update(bytes).digest('hex');
  }
  await writeFile(join(dir, 'bundle.json'), JSON.stringify(manifest, null, 2));
}

/** Edits a JSON file of a model directory by role. */
export async function editJson(
  dir: string,
  role: Role,
  edit: (json: Record<string, unknown>) => unknown,
): Promise<string> {
  const path = await modelFile(dir, role);
  const json = JSON.parse(await readFile(path, 'utf8'));
  const edited = edit(json) ?? json;
  await writeFile(path, typeof edited === 'string' ? edited : JSON.stringify(edited));
  return path;
}

/** Copies a directory. */
export const copyDir = (from: string, to: string) => cp(from, to, { recursive: true });
