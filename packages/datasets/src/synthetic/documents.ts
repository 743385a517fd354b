import { mulberry32 } from '@srnn/random';
import { PAPER_DATASETS, type PaperDatasetId } from '../registry';
import { LengthDistribution } from './lengths';
import { wordOfRank } from './words';
import { ZipfSampler } from './zipf';

/**
 * The generator's fixed parameters, chosen before any measurement and not tuned afterwards: Zipf's
 * law with exponent 1 over the data set's vocabulary (table 1), log-normal lengths of shape 0.7
 * whose mean and maximum are table 1's, and a weak class signal (5% of tokens drawn from 20 words
 * of the document's class) so that a model can learn something.
 */
export const SYNTHETIC_PARAMETERS = Object.freeze({
  zipfExponent: 1,
  lengthSigma: 0.7,
  signalShare: 0.05,
  signalWords: 20,
  seed: 2018,
});

/** One generated document: its words and its class (0-based). */
export interface SyntheticDocument {
  words: string[];
  /** 0-based class. */
  label: number;
}

/** Options of {@link syntheticDocuments}. */
export interface SyntheticDocumentOptions {
  /** Documents to draw (default: table 1's count for the data set). */
  documents?: number;
  seed?: number;
}

/**
 * Draws a data set's documents one at a time (constant memory): lengths from table 1's mean and
 * maximum, words by Zipf's law over table 1's vocabulary, classes uniform.
 */
export function* syntheticDocuments(
  id: PaperDatasetId,
  options: SyntheticDocumentOptions = {},
): Generator<SyntheticDocument> {
  const info = PAPER_DATASETS[id];
  const p = SYNTHETIC_PARAMETERS;
  const random = mulberry32(options.seed ?? p.seed);
  const zipf = new ZipfSampler(info.vocabulary, p.zipfExponent, random);
  const length = new LengthDistribution(info.words.average, info.words.max, p.lengthSigma).sampler(
    random,
  );
  // Signal words: mid-frequency ranks, 20 per class, disjoint between classes.
  const signalBase = 200;
  const documents = options.documents ?? info.documents;
  for (let d = 0; d < documents; d++) {
    const label = Math.floor(random() * info.classes);
    const n = length();
    const words = new Array<string>(n);
    for (let t = 0; t < n; t++) {
      const rank =
        random() < p.signalShare
          ? signalBase + label * p.signalWords + Math.floor(random() * p.signalWords)
          : zipf.next();
      words[t] = wordOfRank(rank);
    }
    yield { words, label };
  }
}
