/** A review's title and text as one text (either may be empty), as the Zhang et al. CSVs are read. */
export function joinTitle(title: string, text: string): string {
  if (title.trim().length === 0) return text;
  if (text.trim().length === 0) return title;
  return `${title} ${text}`;
}
