import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { publishFile, temporaryPathFor } from '@srnn/files';
import { mulberry32 } from '@srnn/random';
import { z } from 'zod';
import { OptionsError, parseOptions } from '../options';
import {
  PAPER_DATASET_IDS,
  PAPER_DATASETS,
  type FileLayout,
  type PaperDatasetId,
} from '../registry';
import { SYNTHETIC_PARAMETERS, syntheticDocuments, type SyntheticDocument } from './documents';
import { LengthDistribution } from './lengths';
import { SYNTHETIC_MARKER, syntheticFileName } from './names';

/** Share of each Zhang et al. data set in its test file (their published train/test sizes). */
const ZHANG_TEST_SHARE: Partial<Record<PaperDatasetId, number>> = {
  'yelp-p': 38_000 / 598_000,
  'amazon-f': 650_000 / 3_650_000,
  'amazon-p': 400_000 / 4_000_000,
};

const optionsSchema = z
  .object({
    /** Which of the paper's data sets to imitate (its size, classes, lengths, vocabulary). */
    dataset: z.enum(PAPER_DATASET_IDS as [PaperDatasetId, ...PaperDatasetId[]]),
    /** The file format: one of the data set's layouts (default: the first, the paper's own). */
    format: z.enum(['figshare-yelp-csv', 'tang-ss', 'zhang-csv', 'parquet']).optional(),
    /** The directory to write into (created if missing). */
    out: z.string().min(1),
    /** Documents to write (default: table 1's count). */
    documents: z.number().int().positive().optional(),
    seed: z.number().int().default(SYNTHETIC_PARAMETERS.seed),
    /** Rows per Parquet row group. */
    rowGroupRows: z.number().int().positive().default(10_000),
  })
  .strict();

/** Options of {@link generateSyntheticDataset}. */
export type SyntheticDatasetOptions = z.input<typeof optionsSchema>;

/** What {@link generateSyntheticDataset} wrote. */
export interface SyntheticDatasetSummary {
  dataset: PaperDatasetId;
  format: FileLayout['format'];
  /** Files written, relative to `out`. */
  files: string[];
  documents: number;
  /** Mean words per document written (table 1's mean is the target). */
  meanWords: number;
  maxWords: number;
  /** Everything that decides the bytes written: rerunning with these gives the same files. */
  parameters: Record<string, unknown>;
}

/**
 * Writes a synthetic data set shaped like one of the paper's (table 1's size, classes, mean and
 * maximum length, vocabulary; Zipf-distributed words) in one of its file formats, readable by
 * `openPaperDataset`. Seeded: the same options write the same bytes. Streaming: memory stays
 * constant whatever the size (Parquet: one row group at a time). Clearly labelled: every file name
 * starts with `synthetic-`, and the directory gets `SYNTHETIC-DATA.md` with the parameters. Files
 * are written under temporary names and renamed when complete. Parquet needs the optional package
 * `hyparquet-writer`.
 */
export async function generateSyntheticDataset(
  options: SyntheticDatasetOptions,
): Promise<SyntheticDatasetSummary> {
  const o = parseOptions(optionsSchema, options, 'generateSyntheticDataset');
  const info = PAPER_DATASETS[o.dataset];
  const format = o.format ?? info.layouts[0]!.format;
  const layout = info.layouts.find((l) => l.format === format);
  if (!layout) {
    throw new OptionsError('generateSyntheticDataset', [
      {
        field: 'format',
        message: `${info.name} comes as ${info.layouts.map((l) => `'${l.format}'`).join(' or ')}, not '${format}'`,
      },
    ]);
  }
  const documents = o.documents ?? info.documents;
  const names = Object.fromEntries(
    Object.entries(layout.files).map(([part, file]) => [
      part,
      syntheticFileName(file.replace('*', '00000-of-00001')),
    ]),
  ) as Record<string, string>;
  await mkdir(o.out, { recursive: true });
  const parameters = {
    generator: 'generateSyntheticDataset',
    dataset: o.dataset,
    format,
    documents,
    ...SYNTHETIC_PARAMETERS,
    seed: o.seed,
    lengthMu: new LengthDistribution(
      info.words.average,
      info.words.max,
      SYNTHETIC_PARAMETERS.lengthSigma,
    ).mu,
    vocabulary: info.vocabulary,
    targetMeanWords: info.words.average,
    maxWords: info.words.max,
  };
  // The marker first: a half-written directory still says it is synthetic.
  await writeFile(
    join(o.out, SYNTHETIC_MARKER),
    markerText(info.name, parameters, Object.values(names)),
  );
  const route = router(o.dataset, format, documents, o.seed);
  const sink =
    format === 'parquet'
      ? await parquetSink(o.out, names, layout, o.rowGroupRows)
      : textSink(o.out, names, format, o.dataset);
  let words = 0;
  let longest = 0;
  let index = 0;
  try {
    for (const document of syntheticDocuments(o.dataset, { documents, seed: o.seed })) {
      words += document.words.length;
      if (document.words.length > longest) longest = document.words.length;
      await sink.add(route(index), document, index);
      index++;
    }
    await sink.finish();
  } catch (error) {
    await sink.abort();
    throw error;
  }
  return {
    dataset: o.dataset,
    format,
    files: Object.values(names),
    documents,
    meanWords: documents > 0 ? words / documents : 0,
    maxWords: longest,
    parameters,
  };
}

/** Which part each document goes to: the file's own split (Zhang's sizes; Tang's 80/10/10). */
function router(
  id: PaperDatasetId,
  format: FileLayout['format'],
  documents: number,
  seed: number,
): (index: number) => string {
  if (format === 'figshare-yelp-csv') return () => 'all';
  if (format === 'tang-ss') {
    const random = mulberry32(seed ^ 0x5eed);
    return () => {
      const r = random();
      return r < 0.8 ? 'train' : r < 0.9 ? 'dev' : 'test';
    };
  }
  const train = documents - Math.round(documents * (ZHANG_TEST_SHARE[id] ?? 0.1));
  return (index) => (index < train ? 'train' : 'test');
}

interface Sink {
  add(part: string, document: SyntheticDocument, index: number): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

/** Each file is written to one temporary (named as @srnn/files names them) and published whole. */
const temporaries = new Map<string, string>();
const partial = (path: string) => {
  if (!temporaries.has(path)) temporaries.set(path, temporaryPathFor(path));
  return temporaries.get(path)!;
};

/** CSV and .ss files, one stream per part, honouring back-pressure. */
function textSink(
  out: string,
  names: Record<string, string>,
  format: FileLayout['format'],
  id: PaperDatasetId,
): Sink {
  const streams = new Map<string, { path: string; stream: WriteStream }>();
  const open = async (part: string) => {
    let entry = streams.get(part);
    if (!entry) {
      const path = join(out, names[part]!);
      await mkdir(dirname(path), { recursive: true });
      const stream = createWriteStream(partial(path));
      entry = { path, stream };
      streams.set(part, entry);
      if (format === 'figshare-yelp-csv') stream.write(',review_id,stars,text\n');
    }
    return entry.stream;
  };
  const withTitle = id.startsWith('amazon');
  return {
    async add(part, { words, label }, index) {
      const stream = await open(part);
      let line: string;
      if (format === 'figshare-yelp-csv') {
        line = `${index},synthetic-${index},${label + 1},"${words.join(' ')}"\n`;
      } else if (format === 'tang-ss') {
        // Sentences of about 12 words, separated as Tang et al. wrote them.
        const sentences: string[] = [];
        for (let i = 0; i < words.length; i += 12) sentences.push(words.slice(i, i + 12).join(' '));
        line = `user${index}\t\tproduct${index % 997}\t\t${label + 1}\t\t${sentences.join(' <sssss> ')}\n`;
      } else if (withTitle) {
        const split = titleLength(words.length);
        line = `"${label + 1}","${words.slice(0, split).join(' ')}","${words.slice(split).join(' ')}"\n`;
      } else {
        line = `"${label + 1}","${words.join(' ')}"\n`;
      }
      if (!stream.write(line)) await once(stream, 'drain');
    },
    async finish() {
      for (const { path, stream } of streams.values()) {
        stream.end();
        await once(stream, 'finish');
        await publishFile(partial(path), path);
      }
    },
    async abort() {
      for (const { path, stream } of streams.values()) {
        stream.destroy();
        await rm(partial(path), { force: true });
      }
    },
  };
}

/** Amazon reviews have a title: the first 1 to 5 words (never the whole review). */
function titleLength(words: number): number {
  return words < 2 ? 0 : Math.min(words - 1, 1 + (words % 5));
}

/** Parquet files in the Hugging Face layout, written one row group at a time. */
async function parquetSink(
  out: string,
  names: Record<string, string>,
  layout: FileLayout,
  rowGroupRows: number,
): Promise<Sink> {
  let writerModule: typeof import('hyparquet-writer');
  try {
    writerModule = await import('hyparquet-writer');
  } catch {
    throw new OptionsError('generateSyntheticDataset', [
      {
        field: 'format',
        message:
          "writing Parquet needs the optional package 'hyparquet-writer'; install it (pnpm add hyparquet-writer) or choose a CSV format",
      },
    ]);
  }
  const { ParquetWriter, fileWriter } = writerModule;
  const columns = layout.columns ?? { label: 'label', text: 'text' };
  const schema = [
    { name: 'root', num_children: columns.title ? 3 : 2 },
    { name: columns.label, type: 'INT64', repetition_type: 'REQUIRED' },
    ...(columns.title
      ? [
          {
            name: columns.title,
            type: 'BYTE_ARRAY',
            converted_type: 'UTF8',
            repetition_type: 'REQUIRED',
          },
        ]
      : []),
    { name: columns.text, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
  ] as ConstructorParameters<typeof ParquetWriter>[0]['schema'];
  const files = new Map<
    string,
    {
      path: string;
      writer: InstanceType<typeof ParquetWriter>;
      labels: bigint[];
      titles: string[];
      texts: string[];
    }
  >();
  const flush = async (entry: NonNullable<ReturnType<typeof files.get>>) => {
    if (entry.labels.length === 0) return;
    const columnData = [
      { name: columns.label, data: entry.labels, type: 'INT64' as const },
      ...(columns.title
        ? [{ name: columns.title, data: entry.titles, type: 'STRING' as const }]
        : []),
      { name: columns.text, data: entry.texts, type: 'STRING' as const },
    ];
    await entry.writer.write({ columnData, rowGroupSize: rowGroupRows });
    entry.labels = [];
    entry.titles = [];
    entry.texts = [];
  };
  return {
    async add(part, { words, label }) {
      let entry = files.get(part);
      if (!entry) {
        const path = join(out, names[part]!);
        await mkdir(dirname(path), { recursive: true });
        entry = {
          path,
          writer: new ParquetWriter({ writer: fileWriter(partial(path)), schema }),
          labels: [],
          titles: [],
          texts: [],
        };
        files.set(part, entry);
      }
      entry.labels.push(BigInt(label));
      if (columns.title) {
        const split = titleLength(words.length);
        entry.titles.push(words.slice(0, split).join(' '));
        entry.texts.push(words.slice(split).join(' '));
      } else entry.texts.push(words.join(' '));
      if (entry.labels.length >= rowGroupRows) await flush(entry);
    },
    async finish() {
      for (const entry of files.values()) {
        await flush(entry);
        await entry.writer.finish();
        await publishFile(partial(entry.path), entry.path);
      }
    },
    async abort() {
      for (const entry of files.values()) await rm(partial(entry.path), { force: true });
    },
  };
}

function markerText(name: string, parameters: Record<string, unknown>, files: string[]): string {
  return [
    `# SYNTHETIC DATA: not ${name}`,
    '',
    `These files were generated to have the shape of ${name} in the SRNN paper (Yu and Liu, 2018):`,
    'its number of documents and classes, its mean and maximum words per document and its',
    "vocabulary size (the paper's table 1), with words drawn by Zipf's law. The texts are not real",
    'reviews: accuracy measured on them says nothing about the real data set. Use them to check',
    "that a run at the paper's scale works, and how long it takes and how much memory it needs.",
    '',
    'Files:',
    ...files.map((f) => `- ${f}`),
    '',
    'Parameters (the same parameters write the same bytes):',
    '',
    '```json',
    JSON.stringify(parameters, null, 2),
    '```',
    '',
  ].join('\n');
}
