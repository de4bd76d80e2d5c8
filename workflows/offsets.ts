// Offsets as organisers write them ("-21d", "1d12h", "5wd", "0"), parsed to a number the interpreter
// can add to an anchor. Pure and deterministic: the workflow sandbox and the template validator share it.

import type { OffsetText } from './template-types';

/** Clock time in minutes, or a count of working days (工作日) that only a calendar can resolve. */
export type ParsedOffset = { minutes: number } | { workingDays: number };

const MINUTES_PER_UNIT = { d: 24 * 60, h: 60, m: 1 } as const;

// One or more <int><unit> terms with unit d|h|m, or a single <int>wd term (working days do not mix
// with clock time: "1wd2h" has no meaning once holidays shift the days). A leading '-' applies to all.
const CLOCK_OFFSET = /^(-?)((?:\d+[dhm])+)$/;
const CLOCK_TERM = /(\d+)([dhm])/g;
const WORKING_DAYS_OFFSET = /^(-?)(\d+)wd$/;

export class OffsetSyntaxError extends Error {
  constructor(readonly text: string) {
    super(`Invalid offset ${JSON.stringify(text)}: expected e.g. "-21d", "1d12h", "30m", "5wd" or "0"`);
    this.name = 'OffsetSyntaxError';
  }
}

/** Parses an offset; throws OffsetSyntaxError when the text does not follow the grammar. */
export function parseOffset(text: OffsetText): ParsedOffset {
  const parsed = tryParseOffset(text);
  if (!parsed) throw new OffsetSyntaxError(text);
  return parsed;
}

/** Like parseOffset, but returns undefined for text that does not parse. */
export function tryParseOffset(text: OffsetText): ParsedOffset | undefined {
  if (typeof text !== 'string') return undefined;
  if (text === '0') return { minutes: 0 };

  const workingDays = WORKING_DAYS_OFFSET.exec(text);
  if (workingDays) {
    const count = toSafeInteger(workingDays[2]);
    if (count === undefined) return undefined;
    return { workingDays: signed(workingDays[1], count) };
  }

  const clock = CLOCK_OFFSET.exec(text);
  if (!clock) return undefined;
  let minutes = 0;
  for (const term of clock[2].matchAll(CLOCK_TERM)) {
    const count = toSafeInteger(term[1]);
    if (count === undefined) return undefined;
    minutes += count * MINUTES_PER_UNIT[term[2] as keyof typeof MINUTES_PER_UNIT];
    if (!Number.isSafeInteger(minutes)) return undefined;
  }
  return { minutes: signed(clock[1], minutes) };
}

/** The sign of a parsed offset: -1 before the anchor, 0 at it, 1 after it. */
export function offsetSign(offset: ParsedOffset): -1 | 0 | 1 {
  const value = 'minutes' in offset ? offset.minutes : offset.workingDays;
  return value < 0 ? -1 : value > 0 ? 1 : 0;
}

function toSafeInteger(digits: string): number | undefined {
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : undefined;
}

// "-0d" is zero, not negative zero.
function signed(sign: string, value: number): number {
  return sign === '-' && value !== 0 ? -value : value;
}
