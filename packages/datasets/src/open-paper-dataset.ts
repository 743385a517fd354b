import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DatasetError } from './errors';
import { readFigshareYelp } from './formats/figshare-yelp';
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

const optionsSchema = z.object({ onInvalid: onInvalidSchema }).strict();

/** Options for {@link openPaperDataset}. */
export type OpenPaperDatasetOptions = z.input<typeof optionsSchema>;

/** A paper data set found in a user's directory, as record sources. */
export interface OpenedPaperDataset {
  info: PaperDatasetInfo;
  /** The layout that was found. */
  layout: FileLayout;
  /** One source per file part ('all', or 'train' / 'dev' / 'test' as the files come). */
  parts: Partial<Record<'all' | 'train' | 'dev' | 'test', RecordSource>>;
  /** Every part in turn: what the paper shuffled and split 80/10/10. */
  pooled: RecordSource;
}

/**
 * Opens one of the paper's six data sets from the user's directory. Each layout of
 * {@link PAPER_DATASETS} is tried in order; when none is complete the error lists the files each
 * layout expects and where to get them.
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
  const layout = info.layouts.find((l) =>
    Object.values(l.files).every((f) => existsSync(join(dir, f))),
  );
  if (!layout) {
    const expected = info.layouts
      .map((l) => `  ${Object.values(l.files).join(', ')}  (${l.source})`)
      .join('\n  or\n');
    throw new DatasetError(
      dir,
      0,
      `${info.name} not found; expected these files in the directory:\n${expected}`,
    );
  }
  const parts: OpenedPaperDataset['parts'] = {};
  for (const [part, file] of Object.entries(layout.files) as [
    keyof OpenedPaperDataset['parts'],
    string,
  ][]) {
    const path = join(dir, file);
    parts[part] =
      layout.format === 'figshare-yelp-csv'
        ? readFigshareYelp(path, { onInvalid })
        : layout.format === 'tang-ss'
          ? readTangSs(path, { onInvalid })
          : readZhangCsv(path, {
              withTitle: info.id.startsWith('amazon'),
              classes: info.classes,
              onInvalid,
            });
  }
  return { info, layout, parts, pooled: concatSources(Object.values(parts)) };
}
