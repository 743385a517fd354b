/** One `"key": number` member, anchored where the previous one ended. */
const MEMBER = /\s*("(?:[^"\\]|\\.)*")\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*([,}])/y;

/**
 * Reads a flat JSON object of numbers, such as `{"the": 3, "2019": 1}`, keeping the members in
 * the order written. `JSON.parse` cannot be used for this: JavaScript objects list integer-like
 * keys ("2019") first, which would lose the first-appearance order that Keras's tie-breaking
 * depends on.
 *
 * @param what names the input in error messages.
 */
export function parseOrderedNumberObject(
  json: string,
  what: string,
  maxEntries = Infinity,
): Array<[string, number]> {
  const entries: Array<[string, number]> = [];
  const open = /^\s*\{\s*/.exec(json);
  if (!open)
    throw new SyntaxError(
      `${what} must be a JSON object, it starts with ${JSON.stringify(json.slice(0, 20))}`,
    );
  let at = open[0].length;
  if (json[at] === '}') {
    if (json.slice(at + 1).trim() !== '')
      throw new SyntaxError(`${what} has text after its closing brace`);
    return entries;
  }
  for (;;) {
    MEMBER.lastIndex = at;
    const member = MEMBER.exec(json);
    if (!member) {
      throw new SyntaxError(
        `${what} must map strings to numbers; cannot read a member at offset ${at}: ${JSON.stringify(json.slice(at, at + 30))}`,
      );
    }
    if (entries.length === maxEntries) {
      throw new RangeError(
        `Tokenizer.fromJSON: ${what} has more than ${maxEntries} entries; the limit is ${maxEntries} (maxWords)`,
      );
    }
    entries.push([JSON.parse(member[1] as string) as string, Number(member[2])]);
    at = MEMBER.lastIndex;
    if (member[3] === '}') break;
  }
  if (json.slice(at).trim() !== '')
    throw new SyntaxError(`${what} has text after its closing brace`);
  return entries;
}
