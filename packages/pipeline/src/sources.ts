import { extname } from 'node:path';
import {
  listCorpora,
  openCorpus,
  openPaperDataset,
  PAPER_DATASET_IDS,
  readCsv,
  readJsonl,
  readTsv,
  type CorpusId,
  type PaperDatasetId,
  type RecordSource,
  type SplitSources,
} from '@srnn/datasets';
import type { z } from 'zod';
import type { dataSourceSchema } from './config';
import { OptionsError } from '@srnn/errors';
import { PipelineConfigError } from './errors';

type ResolvedSource = z.output<typeof dataSourceSchema>;
type FilesSource = Extract<ResolvedSource, { kind: 'files' }>;

/** A source opened for encoding: one pool to split with a seed, or predefined parts. */
export type OpenedSource =
  | { kind: 'pooled'; records: RecordSource; description: string }
  | { kind: 'parts'; parts: SplitSources; description: string };

const EXTENSION_FORMATS: Record<string, 'csv' | 'tsv' | 'jsonl'> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

/** The format of a file from its extension, for `format: 'auto'`. */
export function formatOfFile(file: string): 'csv' | 'tsv' | 'jsonl' {
  const format = EXTENSION_FORMATS[extname(file).toLowerCase()];
  if (format === undefined) {
    throw new OptionsError(file, [
      {
        field: 'format',
        message: `cannot be told from the file's extension; name the file .csv, .tsv or .jsonl, or give 'csv', 'tsv' or 'jsonl'`,
      },
    ]);
  }
  return format;
}

function openFile(file: string, source: FilesSource, onInvalid: 'error' | 'skip'): RecordSource {
  const format = source.format === 'auto' ? formatOfFile(file) : source.format;
  const fields = { text: source.textField ?? 'text', label: source.labelField ?? 'label' };
  if (format === 'jsonl') return readJsonl(file, { ...fields, onInvalid });
  return (format === 'csv' ? readCsv : readTsv)(file, { ...fields, onInvalid });
}

/** Opens a validated {@link DataSource} as record sources. */
export function openSource(source: ResolvedSource, onInvalid: 'error' | 'skip'): OpenedSource {
  switch (source.kind) {
    case 'corpus': {
      const known = listCorpora().map((c) => c.id);
      if (!known.includes(source.id)) {
        throw new PipelineConfigError(
          `unknown corpus ${JSON.stringify(source.id)}; expected one of ${known.join(', ')}`,
        );
      }
      const corpus = openCorpus(source.id as CorpusId);
      return { kind: 'pooled', records: corpus.records, description: corpus.info.title };
    }
    case 'paper': {
      if (!(PAPER_DATASET_IDS as readonly string[]).includes(source.id)) {
        throw new PipelineConfigError(
          `unknown paper data set ${JSON.stringify(source.id)}; expected one of ${PAPER_DATASET_IDS.join(', ')}`,
        );
      }
      // As the paper did: pool whatever parts the files come in, then shuffle and split.
      const opened = openPaperDataset(source.id as PaperDatasetId, source.dir, { onInvalid });
      return { kind: 'pooled', records: opened.pooled, description: opened.info.name };
    }
    case 'files': {
      const train = openFile(source.train, source, onInvalid);
      if (source.validation === undefined && source.test === undefined) {
        return { kind: 'pooled', records: train, description: source.train };
      }
      const parts: SplitSources = { train };
      if (source.validation !== undefined)
        parts.dev = openFile(source.validation, source, onInvalid);
      if (source.test !== undefined) parts.test = openFile(source.test, source, onInvalid);
      return { kind: 'parts', parts, description: source.train };
    }
  }
}

/** A source that stops after its first `limit` records (for quick runs). */
export function limitSource(records: RecordSource, limit: number | undefined): RecordSource {
  if (limit === undefined) return records;
  return () => {
    const stream = records();
    return {
      get skipped() {
        return stream.skipped;
      },
      // The encoding counts skipped records from the per-file figures: without them a limited
      // source reported none.
      get files() {
        return stream.files;
      },
      async *[Symbol.asyncIterator]() {
        if (limit <= 0) return;
        let taken = 0;
        for await (const record of stream) {
          yield record;
          if (++taken >= limit) return;
        }
      },
    };
  };
}
