/** speed.md's tables: the paper's step, against length, inference, the peer's runs, products. */
import { table, type Table } from '@srnn/eval';
import type { BrowserBenchRow } from '@srnn/inference/bench';
import type { PeerRow, SpeedReport, SpeedRow } from './speed-types';
import type { ProductRow } from './product';

const ms = (v: unknown) => (typeof v === 'number' ? v.toFixed(0) : '');
const x = (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)}x` : '');
const one = (v: unknown) => (typeof v === 'number' ? v.toFixed(0) : '');
const pct = (v: unknown) => (typeof v === 'number' ? (v * 100).toFixed(0) : '');

export function speedTables(report: SpeedReport): {
  step: Table;
  length: Table;
  inference: Table;
  peer: Table;
  batches: Table;
  products: Table;
  /** Empty when the browser section did not run or was skipped. */
  browser: Table;
} {
  const columns = (withPeer: boolean) => [
    { header: 'model', value: 'model' as const },
    { header: 'T', value: 'length' as const },
    { header: 'batch', value: 'batch' as const },
    {
      header: 'ids',
      value: (r: SpeedRow) =>
        r.ids === 'natural' ? (r.skipPadding ? 'natural, padding skipped' : 'natural') : 'uniform',
    },
    {
      header: 'ms/step',
      value: (r: SpeedRow) => r.msPerStep ?? r.skipped,
      // 'skipped' or 'failed'; the reason is listed under the table.
      format: (v: unknown) => (typeof v === 'number' ? ms(v) : String(v).split(':')[0]!),
    },
    { header: 'speed-up vs GRU (ours)', value: 'speedupVsOurGru' as const, format: x },
    { header: 'speed-up vs GRU (tf.layers)', value: 'speedupVsTfjsGru' as const, format: x },
    { header: 'ms / SRNN with GRU cell', value: 'timeVsGruSrnn' as const, format: x },
    ...(withPeer
      ? [
          { header: 'PyTorch ms / ours', value: 'vsPytorch' as const, format: x },
          {
            header: 'rounds (ms)',
            value: (r: SpeedRow) => r.roundsMs?.map((v) => v.toFixed(0)).join(', ') ?? '',
          },
        ]
      : []),
    { header: 'wasm heap MiB (high-water)', value: 'heapMiB' as const, format: one },
    { header: 'max RSS MiB', value: 'maxRssMiB' as const, format: one },
  ];
  return {
    step: table(
      report.rows.filter((r) => r.section === 'step'),
      columns(true),
    ),
    length: table(
      report.rows.filter((r) => r.section === 'length'),
      columns(false),
    ),
    inference: table(report.inference, [
      { header: 'model', value: 'model' },
      { header: 'T', value: 'length' },
      { header: 'batch', value: 'batch' },
      { header: 'documents/s', value: 'documentsPerSecond', format: one },
    ]),
    peer: table(report.peer, [
      { header: 'peer', value: 'version' },
      { header: 'model', value: 'model' },
      { header: 'T', value: 'length' },
      { header: 'batch', value: 'batch' },
      { header: 'ids', value: 'ids' },
      { header: 'threads', value: 'threads' },
      { header: 'ms/step', value: 'medianMs', format: ms },
      {
        header: 'rounds (ms)',
        value: (r: PeerRow) => r.roundsMs.map((v) => v.toFixed(0)).join(', '),
      },
    ]),
    batches: table(report.batches, [
      { header: 'ids', value: 'ids' },
      { header: 'batch', value: 'batch' },
      { header: 'T', value: 'length' },
      { header: 'tokens per document', value: 'meanTokens', format: one },
      { header: 'real tokens % of positions', value: 'realShare', format: pct },
      { header: 'distinct ids % of real tokens', value: 'distinctShare', format: pct },
    ]),
    browser: table(report.browser && !('skipped' in report.browser) ? report.browser.rows : [], [
      {
        header: 'where',
        value: (r: BrowserBenchRow) =>
          r.where === 'node' ? 'Node.js' : 'headless Chromium (the exported page)',
      },
      { header: 'backend', value: 'backend' },
      { header: 'documents/s', value: 'documentsPerSecond', format: one },
      {
        header: 'rounds (ms)',
        value: (r: BrowserBenchRow) => r.runsMs.map((v) => v.toFixed(0)).join(', '),
      },
    ]),
    products: table(report.products, [
      {
        header: 'who',
        value: (r: ProductRow) => (r.who === 'ours' ? 'ours' : (r.version ?? 'pytorch')),
      },
      {
        header: 'product',
        value: (r: ProductRow) => `[${r.rows}, ${r.inner}] x [${r.inner}, ${r.cols}]`,
      },
      { header: 'threads', value: (r: ProductRow) => r.threads ?? 'backend' },
      {
        header: 'ms',
        value: 'medianMs',
        format: (v) => (typeof v === 'number' ? v.toFixed(1) : ''),
      },
      { header: 'GFLOP/s', value: 'gflops', format: one },
    ]),
  };
}
