// The text of a document as it is printed, and a form's list values read as lines: pure, so the
// report's facts (src/tasks/report-prefill.ts) read names exactly as the decision prints them.

/**
 * Text as a printed document sets it: straight quotes paired into Chinese ones (庆祝“六一”), and no
 * space after full-width punctuation (a template's folded YAML lines leave one there).
 */
export function typeset(text: string): string {
  return text.replace(/"([^"\n]*)"/g, '“$1”').replace(/([，。；：、！？）])[ \t]+/g, '$1');
}

/** The body as paragraphs: one per line of the message, blank lines dropped. */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((p) => typeset(p.trim()))
    .filter((p) => p.length > 0);
}

/**
 * A list field's value as lines: list entries trimmed (a file or a person by its `name`), blank ones
 * dropped, a text split by line. The decision's lists and the report's facts read names this one way.
 */
export function linesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v !== null && 'name' in v ? String((v as { name: unknown }).name) : String(v)).trim()).filter(Boolean);
  if (typeof value === 'string') return paragraphsOf(value);
  return typeof value === 'number' || typeof value === 'boolean' ? [String(value)] : [];
}
