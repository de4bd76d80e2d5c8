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
const EDGES = new RegExp(`^${INVISIBLE}+|${INVISIBLE}+$`, 'gu');

/** The text without the white space and invisible characters at its ends. */
export function trimInvisible(text: string): string {
  return text.replace(EDGES, '');
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
