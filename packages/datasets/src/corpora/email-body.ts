/**
 * The readable text of a raw RFC 822 e-mail: headers dropped, MIME parts split, base64 and
 * quoted-printable decoded, attachments dropped, HTML reduced to its text. Good enough for a
 * corpus of 2002-era mail; not a general MIME parser.
 */
export function emailBodyText(raw: string): string {
  return partText(raw)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

function splitPart(raw: string): Part {
  const gap = raw.search(/\r?\n\r?\n/);
  const head = gap < 0 ? raw : raw.slice(0, gap);
  const body = gap < 0 ? '' : raw.slice(gap).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  // Header lines that start with white space continue the previous header.
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function parameter(header: string, name: string): string | undefined {
  const match = new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(header);
  return match ? (match[1] ?? match[2]) : undefined;
}

function partText(raw: string): string {
  const { headers, body } = splitPart(raw);
  const type = (headers.get('content-type') ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = parameter(headers.get('content-type') ?? '', 'boundary');
    if (!boundary) return stripHtmlIfAny(body);
    const pieces = body.split(`--${boundary}`).slice(1);
    const parts = pieces.filter((p) => !p.startsWith('--')).map((p) => p.replace(/^\r?\n/, ''));
    const texts = parts.map((p) => ({
      type: (splitPart(p).headers.get('content-type') ?? 'text/plain').toLowerCase(),
      text: partText(p),
    }));
    // Alternatives say the same thing twice: keep the plain text when there is one.
    const chosen =
      type.startsWith('multipart/alternative') && texts.some((t) => t.type.startsWith('text/plain'))
        ? texts.filter((t) => !t.type.startsWith('text/html'))
        : texts;
    return chosen
      .map((t) => t.text)
      .filter((t) => t.length > 0)
      .join('\n\n');
  }
  if (
    !type.startsWith('text/') ||
    headers.get('content-disposition')?.toLowerCase().startsWith('attachment')
  ) {
    return '';
  }
  const decoded = decodeTransfer(
    body,
    (headers.get('content-transfer-encoding') ?? '').toLowerCase(),
  );
  return type.startsWith('text/html') ? htmlToText(decoded) : stripHtmlIfAny(decoded);
}

function decodeTransfer(body: string, encoding: string): string {
  if (encoding === 'base64')
    return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('latin1');
  if (encoding === 'quoted-printable') {
    return body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return body;
}

const HTML_HINT = /<(html|body|p|div|br|font|table|td|a\s|img\s)[^>]*>/i;

function stripHtmlIfAny(text: string): string {
  return HTML_HINT.test(text) ? htmlToText(text) : text;
}

const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  copy: '©',
  reg: '®',
};

/** The text of an HTML fragment: scripts, styles and comments dropped, tags to spaces or breaks. */
export function htmlToText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\s*(br|\/p|\/div|\/tr|\/h[1-6]|\/li)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
      if (code[0] === '#') {
        const n =
          code[1] === 'x' || code[1] === 'X'
            ? parseInt(code.slice(2), 16)
            : parseInt(code.slice(1), 10);
        return n > 0 && n < 0x110000 ? String.fromCodePoint(n) : ' ';
      }
      return ENTITIES[code.toLowerCase()] ?? whole;
    })
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ ?\n ?/g, '\n');
}
