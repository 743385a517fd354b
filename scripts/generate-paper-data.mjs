#!/usr/bin/env node
// Writes a SYNTHETIC data set with the shape of one of the SRNN paper's six (table 1: documents,
// classes, mean and maximum words, vocabulary; Zipf-distributed words) in one of its file formats,
// so that a paper-sized run can be checked without downloading anything. Files are named
// synthetic-*, and the directory gets SYNTHETIC-DATA.md with every parameter. Seeded (the same
// options write the same bytes) and streaming (constant memory at any size).
//
// usage: node scripts/generate-paper-data.mjs --dataset amazon-f --out data/synthetic-amazon-f
//          [--format zhang-csv|parquet|figshare-yelp-csv|tang-ss] [--documents N] [--seed 2018]
// then:  pnpm reproduce --dataset amazon-f --data-dir data/synthetic-amazon-f
// Needs `pnpm build` first (it runs the built @srnn/datasets).
import { parseArgs } from 'node:util';

const usage = `usage: node scripts/generate-paper-data.mjs --dataset ID --out DIR [--format F] [--documents N] [--seed S]
  ID: yelp2013 yelp2014 yelp2015 yelp-p amazon-f amazon-p
  F:  the data set's formats: figshare-yelp-csv, tang-ss (Yelp 2013/2014), zhang-csv, parquet (Yelp_P, Amazon)
  N:  documents to write (default: the paper's count, e.g. 3,650,000 for amazon-f)`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      dataset: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      documents: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (!values.dataset || !values.out) {
  console.error(`--dataset and --out are required\n${usage}`);
  process.exit(2);
}
const integer = (flag, text) => {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) {
    console.error(`--${flag} must be a whole number, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return Number(text);
};

let datasets;
try {
  datasets = await import('../packages/datasets/dist/index.js');
} catch {
  console.error('packages/datasets is not built: run `pnpm build` first');
  process.exit(1);
}
const started = Date.now();
try {
  const summary = await datasets.generateSyntheticDataset({
    dataset: values.dataset,
    out: values.out,
    ...(values.format ? { format: values.format } : {}),
    ...(values.documents ? { documents: integer('documents', values.documents) } : {}),
    ...(values.seed ? { seed: integer('seed', values.seed) } : {}),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `wrote SYNTHETIC ${summary.dataset} (${summary.format}): ${summary.documents.toLocaleString('en')} documents, ` +
      `${summary.meanWords.toFixed(1)} words on average (longest ${summary.maxWords}) in ${seconds} s`,
  );
  for (const file of summary.files) console.log(`  ${values.out}/${file}`);
  console.log(
    `  ${values.out}/${datasets.SYNTHETIC_MARKER} (what these files are, and every parameter)`,
  );
} catch (error) {
  console.error(error.message);
  process.exit(error.name === 'OptionsError' ? 2 : 1);
}
