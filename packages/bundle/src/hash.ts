/** SHA-256 of `bytes` as lower-case hex, with WebCrypto (browsers and Node 20 alike). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined)
    throw new Error('@srnn/bundle needs WebCrypto (globalThis.crypto.subtle)');
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
