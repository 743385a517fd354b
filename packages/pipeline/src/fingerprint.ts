import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import type { dataSourceSchema } from './config';

type ResolvedSource = z.output<typeof dataSourceSchema>;

/** The content hash of the data a run read, file by file. */
export interface DataFingerprint {
  /** SHA-256 over every part's name and hash, in order. */
  sha256: string;
  /** Each file read (or the corpus), with its own hash: what tells which one changed. */
  parts: { part: string; name: string; sha256: string }[];
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Hashes the content of every file a source reads (file names are kept for messages only: a moved
 * file is the same data). Offline corpora are identified by id (they ship in pinned packages).
 */
export async function fingerprintData(source: ResolvedSource): Promise<DataFingerprint> {
  const parts: DataFingerprint['parts'] = [];
  if (source.kind === 'corpus')
    parts.push({ part: 'corpus', name: source.id, sha256: sha256(`corpus:${source.id}`) });
  if (source.kind === 'paper') {
    const names = (await readdir(source.dir)).sort();
    for (const name of names) {
      const path = join(source.dir, name);
      if ((await stat(path)).isFile())
        parts.push({ part: 'paper', name, sha256: await hashFile(path) });
    }
  }
  if (source.kind === 'files') {
    for (const [part, file] of [
      ['train', source.train],
      ['validation', source.validation],
      ['test', source.test],
    ] as const) {
      if (file !== undefined)
        parts.push({ part, name: basename(file), sha256: await hashFile(file) });
    }
  }
  return { sha256: sha256(JSON.stringify(parts.map((p) => [p.part, p.sha256]))), parts };
}

/** JSON with object keys sorted, so equal settings always hash alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of settings in canonical JSON. */
export const fingerprintSettings = (settings: Record<string, unknown>) =>
  sha256(canonical(settings));

/** Dotted keys whose values differ between two settings objects, e.g. ['model.units']. */
export function settingsDifferences(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  prefix = '',
): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((key) => {
    const a = before[key];
    const b = after[key];
    const isObj = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (isObj(a) && isObj(b))
      return settingsDifferences(
        a as Record<string, unknown>,
        b as Record<string, unknown>,
        `${prefix}${key}.`,
      );
    // A setting one side leaves out (at its default) is said as such, not as 'undefined'.
    const shown = (v: unknown) => (v === undefined ? '(not set)' : canonical(v));
    return canonical(a) === canonical(b) ? [] : [`${prefix}${key} ${shown(a)} -> ${shown(b)}`];
  });
}

/** Which data parts differ, e.g. ['train (reviews.csv): content changed']. */
export function dataDifferences(before: DataFingerprint, after: DataFingerprint): string[] {
  const out: string[] = [];
  for (const part of after.parts) {
    const old =
      before.parts.find((p) => p.part === part.part && p.name === part.name) ??
      before.parts.find((p) => p.part === part.part);
    if (!old) out.push(`${part.part} (${part.name}): not in the finished run`);
    else if (old.sha256 !== part.sha256)
      out.push(`${part.part} (${part.name}): content differs from the data the run was trained on`);
  }
  for (const old of before.parts)
    if (!after.parts.some((p) => p.part === old.part))
      out.push(`${old.part} (${old.name}): given before, not now`);
  return out;
}
