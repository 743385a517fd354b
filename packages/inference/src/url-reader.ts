// A bundle reader over HTTP(S): the browser's way to a model directory served next to the page.
// Paths are confined to the base URL, and a body longer than the reader was asked for is cut off
// while streaming, never buffered whole.
import type { BundleReader } from '@srnn/bundle';

/** The fetch this reader needs (the global one by default). */
export type FetchLike = (url: string, init?: { method?: string }) => Promise<Response>;

/** A file path of the bundle: relative segments of [A-Za-z0-9._-], no '..'. */
const SAFE_PATH = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

function confine(base: string, path: string): string {
  if (!SAFE_PATH.test(path))
    throw new Error(`${path}: not a path inside the bundle (relative, [A-Za-z0-9._-] segments)`);
  return new URL(path, base.endsWith('/') ? base : `${base}/`).href;
}

async function readBounded(response: Response, url: string, maxBytes: number) {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw new Error(`${url} holds ${declared} bytes, more than ${maxBytes}`);
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const stream = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await stream.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await stream.cancel();
      throw new Error(`${url} holds more than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Reads a bundle's files from `base` (e.g. 'model/' next to the page, resolved against the
 * document). `size` asks with HEAD and uses Content-Length; `read` streams at most `maxBytes`.
 */
export function urlReader(base: string, fetchFn: FetchLike = globalThis.fetch.bind(globalThis)) {
  // In a page, relative to the document; elsewhere `base` must be absolute.
  const page = (globalThis as { document?: { baseURI: string } }).document;
  const absolute = page ? new URL(base, page.baseURI).href : new URL(base).href;
  const reader: BundleReader = {
    size: async (path) => {
      const url = confine(absolute, path);
      const response = await fetchFn(url, { method: 'HEAD' });
      if (response.status === 404) return undefined;
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      const length = response.headers.get('content-length');
      if (length === null || !/^\d+$/.test(length))
        throw new Error(`${url}: the server sends no Content-Length, so its size is unknown`);
      return Number(length);
    },
    read: async (path, maxBytes) => {
      const url = confine(absolute, path);
      const response = await fetchFn(url);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return readBounded(response, url, maxBytes);
    },
    describe: (path) => new URL(path, absolute).href,
  };
  return reader;
}
