// Where a fault test leaves its counts: one JSON line per test in FAULT_RESULTS (set by
// `npm run test:faults`), and one readable line on stderr, so a run's figures can be recorded
// in docs/RELIABILITY.md as they were measured.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CapturedMail } from '../../support/mail-capture';

export function recordResult(test: string, figures: Record<string, unknown>): void {
  const line = JSON.stringify({ test, at: new Date().toISOString(), ...figures });
  const file = process.env.FAULT_RESULTS;
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${line}\n`);
  }
  process.stderr.write(`[faults] ${line}\n`);
}

/** What reached the mail server: messages, distinct Message-IDs, and copies beyond the first. */
export function wireCounts(messages: readonly CapturedMail[]): { emails: number; distinctMessageIds: number; repeatedCopies: number } {
  const ids = new Set(messages.map((m) => m.messageId));
  return { emails: messages.length, distinctMessageIds: ids.size, repeatedCopies: messages.length - ids.size };
}

/** A small seeded generator (mulberry32): a failing run can be repeated with its FAULT_SEED. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
