/**
 * What to slice: a sequence `length` (T) and either one slice number n with a `depth` k
 * (the uniform SRNN(n,k)) or a bottom-up list of slice numbers [n_1, ..., n_k].
 */
export interface SlicePlanInput {
  /** T, the length of one input row (e.g. the length texts were padded to); an integer >= 1. */
  length: number;
  /**
   * One slice number n (uniform SRNN(n,k); needs `depth`), or the per-level list
   * [n_1, ..., n_k], bottom-up: n_1 level-0 last states form one level-1 sequence and n_k is the
   * length of the single top sequence. Every n is an integer >= 2; `[]` means no slicing.
   */
  slices: number | readonly number[];
  /** k, the number of slicing operations. Required when `slices` is a number; for a list it may be omitted (k = its length) and must equal its length if given. */
  depth?: number;
}

/** One level of a plan: `count` sequences (s_p) of `length` steps (l_p) each. */
export interface SliceLevel {
  /** p, from 0 (the minimal subsequences) to k (the single top sequence). */
  level: number;
  /** s_p, how many sequences this level holds per input row. */
  count: number;
  /** l_p: l_0 for level 0, n_p above it. */
  length: number;
}

/** A validated slicing of a sequence of length T; built by {@link plan}. */
export interface SlicePlan {
  /** T as requested. */
  length: number;
  /** l_0 * product(slices): the length a row is front-padded to before reshaping. */
  paddedLength: number;
  /** paddedLength - length: how many padding steps go before the first token (Keras 'pre' padding). */
  frontPadding: number;
  /** [n_1, ..., n_k], bottom-up; [] when k = 0. */
  slices: number[];
  /** k, the number of slicing operations. */
  depth: number;
  /** l_0, the length of each minimal subsequence. */
  minimalLength: number;
  /** Levels p = 0..k: levels[0] = { level: 0, count: s_0, length: l_0 }, levels[p] = { level: p, count: s_p, length: n_p }. */
  levels: SliceLevel[];
  /** l_0 + sum of n_p: the number of recurrent steps that must run one after another. */
  sequentialDepth: number;
  /** The plan's name, {@link formatSpec} of `slices`, e.g. `SRNN(8,2)`. */
  name: string;
}

/** Where one input token lands in a plan; returned by {@link locateToken}. */
export interface TokenLocation {
  /** The 0-based input position that was asked about. */
  position: number;
  /** position + frontPadding: its index in the padded row. */
  paddedPosition: number;
  /**
   * Its multi-index in the padded row reshaped to [n_k, ..., n_1, l_0], top-down:
   * path[0] is the step of the top sequence, path[k - p] the step within the level-p sequence
   * (p >= 1), and path[k] the offset within the minimal subsequence. Length k + 1.
   */
  path: number[];
  /**
   * For p = 0..k, the index (0 .. s_p - 1) of the level-p sequence that holds the token:
   * sequenceIndices[0] is its minimal subsequence j, sequenceIndices[k] is always 0.
   */
  sequenceIndices: number[];
}
