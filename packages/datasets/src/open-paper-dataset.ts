import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { DatasetError } from './errors';
import { readFigshareYelp } from './formats/figshare-yelp';
import { readParquet } from './formats/parquet';
import { readTangSs } from './formats/tang-ss';
import { readZhangCsv } from './formats/zhang-csv';
import { onInvalidSchema, OptionsError, parseOptions } from './options';
import { concatSources, type RecordSource } from './records';
import {
  PAPER_DATASET_IDS,
  PAPER_DATASETS,
  type FileLayout,
  type PaperDatasetId,
  type PaperDatasetInfo,
} from './registry';
import { SYNTHETIC_MARKER, syntheticFileName } from './synthetic/names';

const optionsSchema = z.object({ onInvalid: onInvalidSchema }).strict();

/** Options for {@link openPaperDataset}. */
export type OpenPaperDatasetOptions = z.input<typeof optionsSchema>;

type Part = 'all' | 'train' | 'dev' | 'test';

/** A paper data set found in a user's directory, as record sources. */
export interface OpenedPaperDataset {
  info: PaperDatasetInfo;
  /** The layout that was found. */
  layout: FileLayout;
  /** The files read, by part (several when a split comes in shards). */
  files: Partial<Record<Part, string[]>>;
  /**
   * True when the files are synthetic ones written by `generateSyntheticDataset` (their names
   * start with `synthetic-` and the directory holds the marker file): label results so.
   */
  synthetic: boolean;
  /** One source per file part ('all', or 'train' / 'dev' / 'test' as the files come). */
  parts: Partial<Record<Part, RecordSource>>;
  /** Every part in turn: what the paper shuffled and split 80/10/10. */
  pooled: RecordSource;
}

/**
 * Opens one of the paper's six data sets from the user's directory. Each layout of
 * {@link PAPER_DATASETS} is tried in order (then, when the directory holds the synthetic marker,
 * their synthetic variants); when none is complete the error lists the files each layout expects
 * and where to get them.
 */
export function openPaperDataset(
  id: PaperDatasetId,
  dir: string,
  options?: OpenPaperDatasetOptions,
): OpenedPaperDataset {
  const { onInvalid } = parseOptions(optionsSchema, options, 'openPaperDataset');
  const info = (PAPER_DATASETS as Record<string, PaperDatasetInfo | undefined>)[id];
  if (!info) {
    throw new OptionsError('openPaperDataset', [
      {
        field: 'id',
        message: `unknown data set id ${JSON.stringify(id)}; expected one of ${PAPER_DATASET_IDS.join(', ')}`,
      },
    ]);
  }
  const synthetic = existsSync(join(dir, SYNTHETIC_MARKER));
  let found: { layout: FileLayout; files: Partial<Record<Part, string[]>> } | undefined;
  for (const variant of synthetic ? [false, true] : [false]) {
    for (const layout of info.layouts) {
      const files = findLayout(dir, layout, variant);
      if (files) {
        found = { layout, files };
        break;
      }
    }
    if (found) break;
  }
  if (!found) {
    const expected = info.layouts
      .map((l) => `  ${Object.values(l.files).join(', ')}  (${l.source})`)
      .join('\n  or\n');
    throw new DatasetError(
      dir,
      0,
      `${info.name} not found; expected these files in the directory:\n${expected}`,
    );
  }
  const { layout, files } = found;
  const parts: OpenedPaperDataset['parts'] = {};
  for (const [part, paths] of Object.entries(files) as [Part, string[]][]) {
    const sources = paths.map((path) => openFile(path, layout, info, onInvalid));
    parts[part] = sources.length === 1 ? sources[0] : concatSources(sources);
  }
  const isSynthetic = Object.values(files).some((paths) =>
    paths.some((path) => basename(path).startsWith('synthetic-')),
  );
  return {
    info,
    layout,
    files,
    synthetic: isSynthetic,
    parts,
    pooled: concatSources(Object.values(parts)),
  };
}

function openFile(
  path: string,
  layout: FileLayout,
  info: PaperDatasetInfo,
  onInvalid: 'error' | 'skip',
): RecordSource {
  switch (layout.format) {
    case 'figshare-yelp-csv':
      return readFigshareYelp(path, { onInvalid });
    case 'tang-ss':
      return readTangSs(path, { onInvalid });
    case 'zhang-csv':
      return readZhangCsv(path, {
        withTitle: info.id.startsWith('amazon'),
        classes: info.classes,
        onInvalid,
      });
    case 'parquet':
      return readParquet(path, {
        ...(layout.columns ?? { label: 'label', text: 'text' }),
        classes: info.classes,
        onInvalid,
      });
  }
}

/** The files of every part of a layout (its synthetic variant when asked), or undefined. */
function findLayout(
  dir: string,
  layout: FileLayout,
  synthetic: boolean,
): Partial<Record<Part, string[]>> | undefined {
  const files: Partial<Record<Part, string[]>> = {};
  for (const [part, pattern] of Object.entries(layout.files) as [Part, string][]) {
    const matches = matchFiles(dir, synthetic ? syntheticFileName(pattern) : pattern);
    if (matches.length === 0) return undefined;
    files[part] = matches;
  }
  return files;
}

/** The files matching a relative path whose last component may hold `*`, in name order. */
function matchFiles(dir: string, pattern: string): string[] {
  const path = join(dir, pattern);
  const name = basename(path);
  if (!name.includes('*')) return existsSync(path) ? [path] : [];
  const folder = dirname(path);
  if (!existsSync(folder)) return [];
  const regex = new RegExp(
    `^${name
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return readdirSync(folder)
    .filter((f) => regex.test(f))
    .sort()
    .map((f) => join(folder, f));
}
