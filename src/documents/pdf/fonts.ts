// The typefaces of the federation's documents. Noto has no 仿宋 or 小标宋: Noto Serif SC stands in for
// 仿宋 (the body), its bold for 小标宋 (the red header and titles), Noto Sans SC bold for 黑体 (headings).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The part of fontkit's font that matters here: pdfkit lays text out and subsets through it. */
interface ParsedFont {
  layout(text: string): unknown;
}

// fontkit is pdfkit's own parser (it ships no types, and is not ours to pin): taken from beside
// pdfkit, so the two always agree.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fontkit = require(require.resolve('fontkit', { paths: [dirname(require.resolve('pdfkit'))] })) as {
  create(data: Buffer): ParsedFont;
};

/** The names the layouts ask for; each is registered with every document. */
export const FONT = {
  /** 仿宋's stand-in: the body text. */
  body: 'body',
  /** 小标宋's stand-in: the red header and the titles. */
  title: 'title',
  /** 黑体's stand-in: headings, table headers. */
  heading: 'heading',
  /** Plain sans: tables of figures, the archive footer. */
  plain: 'plain',
} as const;
export type FontName = (typeof FONT)[keyof typeof FONT];

const FILES: Record<FontName, [pkg: string, file: string]> = {
  body: ['@expo-google-fonts/noto-serif-sc', '400Regular/NotoSerifSC_400Regular.ttf'],
  title: ['@expo-google-fonts/noto-serif-sc', '700Bold/NotoSerifSC_700Bold.ttf'],
  heading: ['@expo-google-fonts/noto-sans-sc', '700Bold/NotoSansSC_700Bold.ttf'],
  plain: ['@expo-google-fonts/noto-sans-sc', '400Regular/NotoSansSC_400Regular.ttf'],
};

// Each file is 10–15 MB: read and parsed once per process, then shared by every document (pdfkit
// makes its own subset per document, so sharing keeps the output the same).
const parsed = new Map<FontName, ParsedFont>();

function fontFile(name: FontName): string {
  const [pkg, file] = FILES[name];
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

/** The parsed font: pdfkit takes it as a font source (its types know only files and buffers). */
export function font(name: FontName): PDFKit.Mixins.PDFFontSource {
  let found = parsed.get(name);
  if (!found) {
    found = fontkit.create(readFileSync(fontFile(name)));
    parsed.set(name, found);
  }
  return found as unknown as PDFKit.Mixins.PDFFontSource;
}
