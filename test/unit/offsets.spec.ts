// Offsets as organisers write them in templates ("-21d", "1d12h", "5wd", "0"), and where they land
// once added to an event's date.
import { offsetSign, OffsetSyntaxError, parseOffset, tryParseOffset } from '../../workflows/offsets';
import { addOffset } from '../../workflows/working-days';

const cst = (local: string) => Date.parse(`${local}+08:00`);
const local = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);

describe('the offset grammar', () => {
  it.each([
    ['0', { minutes: 0 }],
    ['-21d', { minutes: -21 * 24 * 60 }],
    ['1d12h', { minutes: 36 * 60 }],
    ['30m', { minutes: 30 }],
    ['-2h30m', { minutes: -150 }],
    ['5wd', { workingDays: 5 }],
    ['-3wd', { workingDays: -3 }],
  ])('reads %s', (text, parsed) => {
    expect(parseOffset(text)).toEqual(parsed);
  });

  it('reads "-0d" as zero, neither before nor after the anchor', () => {
    const zero = parseOffset('-0d');
    expect(zero).toEqual({ minutes: 0 });
    expect(Object.is((zero as { minutes: number }).minutes, -0)).toBe(false);
    expect(offsetSign(zero)).toBe(0);
  });

  it.each(['', '7', 'd', '-', '1w', '1wd2h', '2h1wd', '1.5d', '+1d', ' 1d', '1d ', '1D', '-1d-2h'])(
    'refuses %j, naming the text and the forms it may take',
    (text) => {
      expect(tryParseOffset(text)).toBeUndefined();
      expect(() => parseOffset(text)).toThrow(OffsetSyntaxError);
      expect(() => parseOffset(text)).toThrow(`Invalid offset ${JSON.stringify(text)}: expected e.g. "-21d", "1d12h", "30m", "5wd" or "0"`);
    },
  );

  it('refuses what is not text and numbers too large to count', () => {
    expect(tryParseOffset(7 as unknown as string)).toBeUndefined();
    expect(tryParseOffset(undefined as unknown as string)).toBeUndefined();
    expect(tryParseOffset('99999999999999999999d')).toBeUndefined();
    expect(tryParseOffset('9007199254740991d')).toBeUndefined(); // a safe count of days, but not of minutes
  });

  it('tells before from after', () => {
    expect(offsetSign(parseOffset('-21d'))).toBe(-1);
    expect(offsetSign(parseOffset('-1wd'))).toBe(-1);
    expect(offsetSign(parseOffset('1h'))).toBe(1);
    expect(offsetSign(parseOffset('0'))).toBe(0);
  });
});

describe('an offset added to an event date', () => {
  const start = cst('2027-06-01T09:30'); // a Tuesday

  it('moves clock time by exactly that much, keeping the time of day for whole days', () => {
    expect(local(addOffset(start, '-21d'))).toBe('2027-05-11T09:30');
    expect(local(addOffset(start, '1d12h'))).toBe('2027-06-02T21:30');
    expect(local(addOffset(start, '-30m'))).toBe('2027-06-01T09:00');
    expect(addOffset(start, '0')).toBe(start);
  });

  it('counts working days past weekends, at the same time of day', () => {
    expect(local(addOffset(start, '5wd'))).toBe('2027-06-08T09:30'); // Wed–Fri, Mon, Tue
    expect(local(addOffset(cst('2027-06-07T09:30'), '-1wd'))).toBe('2027-06-04T09:30'); // Monday → Friday
  });

  it('counts working days past public holidays and on the make-up working days (调休)', () => {
    // 2026 Spring Festival: 15–23 February off, Saturday 14 and Saturday 28 February worked.
    expect(local(addOffset(cst('2026-02-13T10:00'), '1wd'))).toBe('2026-02-14T10:00');
    expect(local(addOffset(cst('2026-02-14T10:00'), '1wd'))).toBe('2026-02-24T10:00');
    expect(local(addOffset(cst('2026-02-27T10:00'), '1wd'))).toBe('2026-02-28T10:00');
    // 2026 National Day: 1–7 October off.
    expect(local(addOffset(cst('2026-10-08T10:00'), '-1wd'))).toBe('2026-09-30T10:00');
  });

  it('takes the day of an evening start in China, not in UTC', () => {
    // Friday 2027-06-04 20:00 in Chongqing is still Friday: one working day later is Monday.
    expect(local(addOffset(cst('2027-06-04T20:00'), '1wd'))).toBe('2027-06-07T20:00');
    // Saturday 00:30 in Chongqing is Friday in UTC; counting from Saturday, Monday is the first working day.
    expect(local(addOffset(cst('2027-06-05T00:30'), '1wd'))).toBe('2027-06-07T00:30');
  });

  it('adds a parsed offset the same way as its text', () => {
    expect(addOffset(start, parseOffset('-3wd'))).toBe(addOffset(start, '-3wd'));
  });
});
