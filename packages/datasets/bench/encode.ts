// Throughput of encodeDataset (parse + tokenize + encode) on a generated CSV file.
// The file is seeded (same bytes on every run), written to a temporary directory and deleted after.
// Usage: pnpm bench  [-- --mb 60 --runs 3 --maxLen 256 --passes 1]
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeDataset, readCsv } from '../src/index';
import { mulberry32 } from '@srnn/random';

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const targetMb = argument('mb', 60);
const runs = argument('runs', 3);
const maxLen = argument('maxLen', 256);
const passes = argument('passes', 1) === 2 ? 2 : 1;

/** Writes review-like rows: a Zipf-like 50,000-word vocabulary, commas, quotes and newlines. */
async function writeCorpus(file: string, bytes: number): Promise<number> {
  const random = mulberry32(2018);
  const vocabulary = Array.from({ length: 50_000 }, (_, i) => `w${i.toString(36)}`);
  const word = () => vocabulary[Math.floor(vocabulary.length * random() ** 3)]!;
  const out = createWriteStream(file);
  out.write('label,text\n');
  let written = 0;
  let documents = 0;
  while (written < bytes) {
    const length = 20 + Math.floor(random() * 200);
    const words: string[] = [];
    for (let i = 0; i < length; i++) {
      const r = random();
      words.push(
        r < 0.02 ? `${word()},` : r < 0.03 ? `""${word()}""` : r < 0.035 ? `${word()}.\n` : word(),
      );
    }
    const row = `${1 + Math.floor(random() * 5)},"${words.join(' ')}"\n`;
    written += Buffer.byteLength(row);
    documents++;
    if (!out.write(row)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return documents;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = mkdtempSync(join(tmpdir(), 'srnn-datasets-bench-'));
try {
  const file = join(dir, 'reviews.csv');
  const documents = await writeCorpus(file, targetMb * 1e6);
  const size = statSync(file).size;
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const encoded = await encodeDataset(readCsv(file, { text: 'text', label: 'label' }), {
      maxLen,
      passes,
      tokenizerOptions: { numWords: 30_000 },
    });
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
    const cpu = process.cpuUsage(cpuStart);
    cpuSeconds.push((cpu.user + cpu.system) / 1e6);
    if (encoded.shape[0] !== documents)
      throw new Error(`expected ${documents} rows, got ${encoded.shape[0]}`);
  }
  // The reading alone (decode + CSV parse + record checks, one pass), to show where the time goes.
  const readCpu: number[] = [];
  for (let run = 0; run < runs; run++) {
    const cpuStart = process.cpuUsage();
    let n = 0;
    for await (const _record of readCsv(file, { text: 'text', label: 'label' })()) n++;
    const cpu = process.cpuUsage(cpuStart);
    readCpu.push((cpu.user + cpu.system) / 1e6);
    if (n !== documents) throw new Error(`expected ${documents} records, got ${n}`);
  }
  const s = median(seconds);
  const c = median(cpuSeconds);
  console.log(
    `encodeDataset on a generated CSV: ${(size / 1e6).toFixed(1)} MB, ${documents} documents, maxLen ${maxLen}, passes ${passes}, ${runs} runs`,
  );
  console.log(
    `  median ${s.toFixed(2)} s (runs: ${seconds.map((t) => t.toFixed(2)).join(', ')} s)`,
  );
  console.log(`  throughput (file bytes / time): ${(size / 1e6 / s).toFixed(1)} MB/s wall clock`);
  // On a shared machine the wall clock includes waiting for a core; CPU time is this process's own.
  console.log(
    `  throughput per CPU second: ${(size / 1e6 / c).toFixed(1)} MB/s (median ${c.toFixed(2)} CPU s; load average ${loadavg()[0]?.toFixed(1)})`,
  );
  const r = median(readCpu);
  console.log(
    `  of which reading (decode + CSV parse, no tokenizer): ${(size / 1e6 / r).toFixed(1)} MB/s per CPU second for one pass; its ${passes} pass(es) take ${(((passes * r) / c) * 100).toFixed(0)}% of the CPU time`,
  );
  console.log(
    `  per document: ${((s / documents) * 1e6).toFixed(1)} us, ${(size / documents).toFixed(0)} bytes of CSV in, ${maxLen * 4 + 4} bytes of model input out`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
