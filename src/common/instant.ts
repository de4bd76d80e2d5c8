// Instants in requests: ISO 8601 as class-validator reads it, and also a time JavaScript (and so the
// workflow) can compute with. Week and ordinal dates (2027-W22-2) pass the first test but not the
// second; such a value used to reach `new Date(NaN).toISOString()` and answer 500.
import { ValidateBy, isISO8601, type ValidationOptions } from 'class-validator';

/** RFC 3339 date-time (OpenAPI's `format: date-time`), with a real day of the month. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;

/** class-validator's strict ISO 8601 check refuses valid years before 1000; this one does not. */
function isDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= lastDay.getUTCDate();
}

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && (isDateTime(value) || isISO8601(value, { strict: true })) && Number.isFinite(Date.parse(value)),
        // Worded in English like class-validator's own; the ValidationPipe puts the Chinese before it.
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a valid ISO 8601 date-time such as 2027-06-01T09:30:00+08:00`,
      },
    },
    options,
  );
}

/** The same instant in UTC, as PostgreSQL takes it whatever the offset (it refuses offsets past ±15:59). */
export function utcInstant(value: string): string {
  return new Date(Date.parse(value)).toISOString();
}
