// Peak memory (RSS) of preparing N documents at T = 256 for training: today's way (Int32 matrix,
// then a copy per split, as the pipeline does with takeRows) against compact data (Uint16 ids,
// splits as row indices over the one matrix, int32 batches gathered on the fly), dense or ragged
// (each document's ids without padding, padded as batches are gathered). Documents are
// synthetic Amazon_F reviews (the generator's fixed parameters: 82.7 words on average, Zipf
// vocabulary), made in memory so that file reading does not enter the figure; the paper's
// tokenizer (numWords 30,000). Each way runs in its own process, one after the other.
// Usage: pnpm --filter @srnn/datasets bench:memory [-- --docs 1000000 --maxLen 256]
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  encodeDataset,
  gatherBatch,
  splitIndices,
  splitRows,
  syntheticDocuments,
  takeRows,
  type RecordSource,
} from '../src/index';
import { recordSource } from '../src/records';

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
}

const documents = Number(argument('docs', '1000000'));
const maxLen = Number(argument('maxLen', '256'));
const child = argument('child', '');

const MODES = {
  'int32 + split copies (today)': { ids: 'int32', passes: 1, copies: true },
  'compact + row splits': { ids: 'compact', passes: 1, copies: false },
  'compact + row splits, 2 passes': { ids: 'compact', passes: 2, copies: false },
  'compact ragged + row splits': { ids: 'compact', passes: 1, copies: false, layout: 'ragged' },
  'compact ragged + row splits, 2 passes': {
    ids: 'compact',
    passes: 2,
    copies: false,
    layout: 'ragged',
  },
} as const;
type Mode = keyof typeof MODES;

function source(): RecordSource {
  return recordSource('error', async function* () {
    let line = 0;
    for (const { words, label } of syntheticDocuments('amazon-f', { documents })) {
      yield { text: words.join(' '), label: String(label), file: 'synthetic', line: ++line };
    }
  });
}

async function runChild(mode: Mode): Promise<void> {
  const chosen: (typeof MODES)[Mode] & { layout?: 'dense' | 'ragged' } = MODES[mode];
  const { ids, passes, copies, layout = 'dense' } = chosen;
  const started = process.hrtime.bigint();
  const encoded = await encodeDataset(source(), {
    maxLen,
    ids,
    passes,
    layout,
    tokenizerOptions: { numWords: 30_000 },
  });
  const parts = splitIndices(encoded.shape[0]);
  let checksum = 0;
  if (copies) {
    const train = takeRows(encoded, parts.train);
    const dev = takeRows(encoded, parts.dev);
    const test = takeRows(encoded, parts.test);
    checksum = train.x[0]! + dev.x[0]! + test.x[0]!;
  } else {
    const train = splitRows(encoded, parts.train);
    splitRows(encoded, parts.dev);
    splitRows(encoded, parts.test);
    const batch = gatherBatch(
      train,
      Int32Array.from({ length: 100 }, (_, i) => i),
    );
    checksum = batch.x[0]!;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({ mode, peakMb, seconds, matrix: encoded.x.constructor.name, checksum })}\n`,
  );
}

if (child) {
  await runChild(child as Mode);
} else {
  const script = fileURLToPath(import.meta.url);
  console.log(
    `peak RSS preparing ${documents.toLocaleString('en')} synthetic Amazon_F documents at T = ${maxLen} (load ${loadavg()[0]!.toFixed(2)})`,
  );
  const rows: { mode: string; peakMb: number; seconds: number; matrix: string }[] = [];
  for (const mode of Object.keys(MODES) as Mode[]) {
    const run = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        script,
        '--child',
        mode,
        '--docs',
        String(documents),
        '--maxLen',
        String(maxLen),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    if (run.status !== 0) throw new Error(`${mode} failed: ${run.stderr}`);
    rows.push(JSON.parse(run.stdout.trim().split('\n').pop()!) as (typeof rows)[number]);
  }
  const base = rows[0]!.peakMb;
  console.log('| way | matrix | peak RSS (MB) | vs today | seconds |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(
      `| ${r.mode} | ${r.matrix} | ${r.peakMb.toFixed(0)} | ${(r.peakMb / base).toFixed(2)} | ${r.seconds.toFixed(1)} |`,
    );
  }
}
