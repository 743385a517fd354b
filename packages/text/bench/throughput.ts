/**
 * Tokenizer throughput on generated text: fit, encode (into one preallocated padded matrix), and
 * both together, in tokens per second, median of several runs. Prints a table and one JSON line.
 *
 * Usage: pnpm bench [-- --docs 20000 --runs 5 --seed 42 --max-len 256]
 */
import { performance } from 'node:perf_hooks';
import { Tokenizer } from '../src/index';
// mulberry32: a seeded generator, so every run sees the same corpus.
import { mulberry32 } from '@srnn/random';

interface BenchConfig {
  docs: number;
  runs: number;
  seed: number;
  maxLen: number;
  vocabulary: number;
}

function readConfig(argv: string[]): BenchConfig {
  const config: BenchConfig = { docs: 20000, runs: 5, seed: 42, maxLen: 256, vocabulary: 50000 };
  const names: Record<string, keyof BenchConfig> = {
    '--docs': 'docs',
    '--runs': 'runs',
    '--seed': 'seed',
    '--max-len': 'maxLen',
    '--vocabulary': 'vocabulary',
  };
  // pnpm 9 passes the `--` of `pnpm bench -- --docs 10` through to the script.
  if (argv[0] === '--') argv = argv.slice(1);
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i] as string];
    const value = Number(argv[i + 1]);
    if (!key || !Number.isInteger(value) || value < 1) {
      throw new RangeError(
        `unknown or bad argument ${argv[i]} ${argv[i + 1]}; use --docs, --runs, --seed, --max-len, --vocabulary with integers >= 1`,
      );
    }
    config[key] = value;
  }
  return config;
}

/** Review-like documents: Zipf-distributed words, capitals, punctuation, 20 to 400 words each. */
function generateCorpus({ docs, seed, vocabulary }: BenchConfig): string[] {
  const random = mulberry32(seed);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const words: string[] = [];
  for (let w = 0; w < vocabulary; w++) {
    const length = 2 + Math.floor(random() * 8);
    let word = '';
    for (let c = 0; c < length; c++) word += letters[Math.floor(random() * 26)];
    words.push(word);
  }
  // Zipf (s = 1) by inverting the cumulative harmonic weights.
  const cumulative = new Float64Array(vocabulary);
  let total = 0;
  for (let r = 0; r < vocabulary; r++) cumulative[r] = total += 1 / (r + 1);
  const pick = (): string => {
    const u = random() * total;
    let lo = 0;
    let hi = vocabulary - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return words[lo] as string;
  };
  const punctuation = [',', '.', '!', '?', ';'];
  const corpus: string[] = [];
  for (let d = 0; d < docs; d++) {
    const length = 20 + Math.floor(random() * 380);
    const parts: string[] = [];
    for (let t = 0; t < length; t++) {
      let word = pick();
      if (random() < 0.05) word = word[0]!.toUpperCase() + word.slice(1);
      if (random() < 0.08) word += punctuation[Math.floor(random() * punctuation.length)];
      parts.push(word);
    }
    corpus.push(parts.join(' '));
  }
  return corpus;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Wall and CPU seconds of one call; CPU time is robust when other jobs share the machine. */
function timed(work: () => void): { wall: number; cpu: number } {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  work();
  const wall = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6 };
}

function main(): void {
  const config = readConfig(process.argv.slice(2));
  const corpus = generateCorpus(config);
  const tokens = countTokens(corpus);
  const matrix = new Int32Array(corpus.length * config.maxLen);
  const runs: Array<{ fit: { wall: number; cpu: number }; encode: { wall: number; cpu: number } }> =
    [];
  for (let run = 0; run < config.runs; run++) {
    const tokenizer = new Tokenizer({ numWords: 30000, oovToken: '<OOV>' });
    const fit = timed(() => {
      tokenizer.fitOnTexts(corpus);
      void tokenizer.wordIndex; // the ranking is part of fitting
    });
    const encode = timed(() => {
      for (let r = 0; r < corpus.length; r++) {
        const row = matrix.subarray(r * config.maxLen, (r + 1) * config.maxLen);
        tokenizer.encodeInto(corpus[r] as string, row);
      }
    });
    runs.push({ fit, encode });
  }
  const rate = (seconds: number[]): number => Math.round(tokens / median(seconds));
  const phases = [
    ['fit', runs.map((r) => r.fit)],
    ['encode', runs.map((r) => r.encode)],
    [
      'fit + encode',
      runs.map((r) => ({ wall: r.fit.wall + r.encode.wall, cpu: r.fit.cpu + r.encode.cpu })),
    ],
  ] as const;
  const results = phases.map(([phase, times]) => ({
    phase,
    wallSeconds: median(times.map((t) => t.wall)),
    tokensPerSecond: rate(times.map((t) => t.wall)),
    tokensPerCpuSecond: rate(times.map((t) => t.cpu)),
  }));
  console.log(
    `@srnn/text throughput: ${corpus.length} docs, ${tokens} tokens, median of ${config.runs} runs, seed ${config.seed}`,
  );
  console.log('| phase | wall seconds | tokens/s (wall) | tokens/s (CPU time) |');
  console.log('|---|---:|---:|---:|');
  const format = (n: number): string => n.toLocaleString('en-US');
  for (const r of results) {
    console.log(
      `| ${r.phase} | ${r.wallSeconds.toFixed(3)} | ${format(r.tokensPerSecond)} | ${format(r.tokensPerCpuSecond)} |`,
    );
  }
  console.log(
    JSON.stringify({
      bench: '@srnn/text throughput',
      node: process.version,
      ...config,
      tokens,
      fitTokensPerSecond: results[0]?.tokensPerSecond,
      encodeTokensPerSecond: results[1]?.tokensPerSecond,
      combinedTokensPerSecond: results[2]?.tokensPerSecond,
      fitTokensPerCpuSecond: results[0]?.tokensPerCpuSecond,
      encodeTokensPerCpuSecond: results[1]?.tokensPerCpuSecond,
      combinedTokensPerCpuSecond: results[2]?.tokensPerCpuSecond,
    }),
  );
}

/** Tokens as the tokenizer sees them: with an OOV token every word yields exactly one id. */
function countTokens(corpus: string[]): number {
  const counter = new Tokenizer({ oovToken: '<OOV>' });
  let total = 0;
  for (const text of corpus) total += counter.textToSequence(text).length;
  return total;
}

main();
