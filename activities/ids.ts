// Ids derived from names, for what an activity creates: a retried attempt derives the same id and
// finds what the first one wrote.
import { createHash } from 'node:crypto';

/** A v4-shaped uuid from a name: the same campaign and purpose (or Schedule and month) give the same event on every retry. */
export function derivedUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
