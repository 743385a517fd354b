/**
 * Generated sections of a Markdown file: the text between
 * `<!-- generated:NAME ... -->` and `<!-- end generated:NAME -->` belongs to the generator; the
 * rest is written by hand. Replacing a section keeps both marker lines as they are.
 */

const startMarker = (name: string) => new RegExp(`^<!-- generated:${name}( [^\\n]*)? -->$`, 'm');
const endMarker = (name: string) => `<!-- end generated:${name} -->`;

/** The text between a section's markers (without the blank lines around it), or why not found. */
function locate(markdown: string, name: string): { from: number; to: number } {
  const start = startMarker(name).exec(markdown);
  if (!start) {
    throw new Error(
      `no line '<!-- generated:${name} ... -->' found: put the start and end markers where the section goes`,
    );
  }
  const from = start.index + start[0].length;
  const to = markdown.indexOf(endMarker(name), from);
  if (to < 0) throw new Error(`'<!-- generated:${name}' has no '${endMarker(name)}' after it`);
  if (startMarker(name).exec(markdown.slice(from))) {
    throw new Error(`'<!-- generated:${name}' appears twice: one section per name`);
  }
  return { from, to };
}

/** Every section's text replaced by the generated one (one blank line either side). */
export function replaceSections(markdown: string, sections: Record<string, string>): string {
  let out = markdown;
  for (const [name, text] of Object.entries(sections)) {
    const { from, to } = locate(out, name);
    out = `${out.slice(0, from)}\n\n${text.trim()}\n\n${out.slice(to)}`;
  }
  return out;
}

/** The names of sections whose text differs from what the generator writes. */
export function staleSections(markdown: string, sections: Record<string, string>): string[] {
  return Object.entries(sections)
    .filter(([name, text]) => {
      const { from, to } = locate(markdown, name);
      return markdown.slice(from, to) !== `\n\n${text.trim()}\n\n`;
    })
    .map(([name]) => name);
}
