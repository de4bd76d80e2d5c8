// The bilingual text of every template, event or campaign: in a file of its own so that the
// campaign schemas and the event template schema can both import it without importing each other.
import { z } from 'zod';

export const nonBlank = z.string().trim().min(1, 'must not be empty');

export const LocalizedTextSchema = z.strictObject({ 'zh-CN': nonBlank, en: nonBlank });
