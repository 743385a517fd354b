/** Pretrained vectors for the words that were asked for. */
export interface WordVectors {
  /** Length of every vector. */
  dim: number;
  vectors: ReadonlyMap<string, Float32Array>;
}
