/** The figures of `pnpm bench`, as speed.json records them. */
import type { BrowserBenchReport } from '@srnn/inference/bench';
import type { NaturalTextParameters } from './natural-text';
import type { PeerSettings } from './peer';
import type { ProductRow } from './product';
import type { ModelSizes } from './timing';

/** The ids of a timed batch: uniform random ids, or natural-text batches (natural-text.ts). */
export type IdKind = 'uniform' | 'natural';

export interface SpeedOptions extends PeerSettings {
  batchSizes: number[];
  lengths: number[];
  lengthBatch: number;
  /**
   * Rounds of the T = stepLength step: each round times our models and then the peer, so that
   * both see the same machine; each figure is the median of its rounds' medians.
   */
  rounds: number;
  /** Skip a model at a length when its predicted warm-up plus measured steps exceed this. */
  maxSeconds: number;
  sizes: ModelSizes;
  /** The kinds of batches of the T = stepLength step (default: uniform, then natural). */
  idKinds?: IdKind[];
  /** Time the input projection's product here and in the peer (default true). */
  product?: boolean;
  /** Registered cells to time SRNN(8,2) with at the step (default: gru). */
  cells?: string[];
  /** In-browser inference beside Node's (the web page's bench); not run when absent. */
  browser?: BrowserSettings;
}

/** The model and texts of the browser section: absolute paths, and how the report names them. */
export interface BrowserSettings {
  model: string;
  /** A CSV file with a 'text' column: its texts, `copies` times over, are the timed texts. */
  texts: string;
  copies: number;
  repeats: number;
  /** The folder the report's paths are relative to (the repository). */
  root: string;
}

export interface SpeedRow {
  section: 'step' | 'length';
  model: string;
  length: number;
  batch: number;
  ids: IdKind;
  /** The recurrent cell of an SRNN row (gru when absent). */
  cell?: string;
  /** Set on rows with all-padding subsequences skipped (not the paper's function). */
  skipPadding?: boolean;
  /** Set on rows timed with the product tiles' separate multiply and add (see @srnn/backend). */
  separateMultiplyAdd?: boolean;
  msPerStep?: number;
  /** Each round's median ms per step, when the figure is the median of several rounds. */
  roundsMs?: number[];
  skipped?: string;
  /** This model's ms against the row group's reference (our GRU; PyTorch's SRNN for peers). */
  speedupVsOurGru?: number;
  speedupVsTfjsGru?: number;
  /**
   * An SRNN row of another cell: its ms over the GRU cell's SRNN row of the same group (the same
   * spec and skipping); e.g. the LSTM does 4/3 of the GRU's arithmetic.
   */
  timeVsGruSrnn?: number;
  /** PyTorch's ms for the same model divided by ours (> 1: we are faster). */
  vsPytorch?: number;
  heapMiB?: number;
  maxRssMiB: number;
}

export interface InferenceRow {
  model: string;
  length: number;
  batch: number;
  documentsPerSecond: number;
}

export interface PeerRow {
  model: 'srnn' | 'gru';
  length: number;
  batch: number;
  ids: IdKind;
  threads: number;
  medianMs: number;
  /** Each round's median ms per step. */
  roundsMs: number[];
  version: string;
}

/** What a timed batch held: positions that are real tokens, and distinct ids among them. */
export interface BatchRow {
  ids: IdKind;
  batch: number;
  length: number;
  realShare: number;
  distinctShare: number;
  meanTokens: number;
}

/** The browser section: the page's documents per second beside Node's, or why it was skipped. */
export type BrowserSection =
  | (BrowserBenchReport & {
      /** The model directory and the texts' file, relative to the repository. */
      model: string;
      textsFile: string;
      /** Distinct texts among `texts`. */
      distinctTexts: number;
    })
  | { skipped: string };

export interface SpeedReport {
  rows: SpeedRow[];
  inference: InferenceRow[];
  peer: PeerRow[];
  peerSkipped?: string;
  batches: BatchRow[];
  products: ProductRow[];
  /** The natural-text generator's fixed parameters. */
  naturalText: NaturalTextParameters;
  browser?: BrowserSection;
}
