// Free text typed by people — titles, venues, reasons, comments — arrives with whatever the keyboard
// or a paste added around it: spaces, a full-width space (U+3000), a no-break space, or characters
// that show as nothing at all (zero-width space, word joiner, BOM). A title made only of those looks
// empty in every list, so they are cut off the ends before validation; a required field with
// nothing left is refused by its IsNotEmpty rule (400), an optional one is taken as not given.
import { Transform } from 'class-transformer';

/**
 * What shows as nothing at an end of a text: white space as JavaScript knows it (which includes
 * U+00A0, U+3000 and U+FEFF), every format character (U+200B–U+200F, U+2060–U+2064, bidi
 * controls, soft hyphen …), and the fillers that render blank (Hangul fillers, braille blank).
 */
const INVISIBLE = '[\\s\\p{Cf}\\u034F\\u115F\\u1160\\u2800\\u3164\\uFFA0]';
const LEADING = new RegExp(`^${INVISIBLE}+`, 'u');
const ONE_INVISIBLE = new RegExp(`^${INVISIBLE}$`, 'u');

/**
 * The text without the white space and invisible characters at its ends. The end is walked back
 * one character at a time: a regex `X+$` retries from every position of a run of blanks inside the
 * text (quadratic: a 90 kB title of spaces held the event loop for 19 s).
 */
export function trimInvisible(text: string): string {
  const rest = text.replace(LEADING, '');
  let end = rest.length;
  while (end > 0) {
    // Step back one code point (format characters exist beyond the BMP too, e.g. U+E0001).
    const low = rest.charCodeAt(end - 1);
    const start = end >= 2 && low >= 0xdc00 && low <= 0xdfff && rest.charCodeAt(end - 2) >= 0xd800 && rest.charCodeAt(end - 2) <= 0xdbff ? end - 2 : end - 1;
    if (!ONE_INVISIBLE.test(rest.slice(start, end))) break;
    end = start;
  }
  return rest.slice(0, end);
}

/**
 * Trims a required text field (use with IsNotEmpty, which then refuses a blank one). Anything but a
 * string is left for IsString to refuse.
 */
export function Trimmed(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? trimInvisible(value) : value));
}

/** Trims an optional text field; nothing left means the field was not given (nothing blank is stored). */
export function TrimmedOptional(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const trimmed = trimInvisible(value);
    return trimmed === '' ? undefined : trimmed;
  });
}
