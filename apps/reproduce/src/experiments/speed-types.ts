/** The figures of `pnpm bench`, as speed.json records them. */
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
  msPerStep?: number;
  /** Each round's median ms per step, when the figure is the median of several rounds. */
  roundsMs?: number[];
  skipped?: string;
  /** This model's ms against the row group's reference (our GRU; PyTorch's SRNN for peers). */
  speedupVsOurGru?: number;
  speedupVsTfjsGru?: number;
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

export interface SpeedReport {
  rows: SpeedRow[];
  inference: InferenceRow[];
  peer: PeerRow[];
  peerSkipped?: string;
  batches: BatchRow[];
  products: ProductRow[];
  /** The natural-text generator's fixed parameters. */
  naturalText: NaturalTextParameters;
}
