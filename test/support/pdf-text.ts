// Reading PDFs back in tests with poppler's tools (`npm test` installs poppler-utils): the text as
// laid out, the embedded fonts, and pages drawn as PNG images to look at.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Runs a poppler tool; where it is missing, says how to get it rather than a bare ENOENT. */
async function run(tool: string, args: string[], opts: { maxBuffer?: number } = {}): Promise<{ stdout: string }> {
  try {
    return await execFileAsync(tool, args, { ...opts, encoding: 'utf8' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new Error(`${tool} is not on PATH: \`npm test\` installs poppler-utils in its setup (as root with apt-get), or run \`apt-get install -y poppler-utils\``);
  }
}

async function withFile<T>(pdf: Buffer, use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    await writeFile(file, pdf);
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text of every page, as `pdftotext -layout` arranges it; pages are split at form feeds. */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  const text = await withFile(pdf, async (file) => (await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { maxBuffer: 64 << 20 })).stdout);
  return text.split('\f').slice(0, -1);
}

/** The whole text, pages joined. */
export async function pdfText(pdf: Buffer): Promise<string> {
  return (await pdfPages(pdf)).join('\n');
}

/** The text with every run of white space removed: for phrases that `-layout` may break or space out. */
export const squeezed = (text: string) => text.replace(/\s+/g, '');

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
}

/** The fonts the file uses, as `pdffonts` lists them. */
export async function pdfFonts(pdf: Buffer): Promise<PdfFont[]> {
  const out = await withFile(pdf, async (file) => (await run('pdffonts', [file])).stdout);
  return out
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      // name, type (may hold spaces), encoding, emb, sub, uni, object, generation
      const cols = line.trim().split(/\s+/);
      const [emb, sub] = cols.slice(-5, -3);
      return { name: cols[0], type: cols.slice(1, -6).join(' '), embedded: emb === 'yes', subset: sub === 'yes' };
    });
}

/** The document's information as `pdfinfo` prints it: Title, Author, CreationDate (ISO), Pages… */
export async function pdfInfo(pdf: Buffer): Promise<Record<string, string>> {
  const out = await withFile(pdf, async (file) => (await run('pdfinfo', ['-isodates', file])).stdout);
  return Object.fromEntries(out.split('\n').filter((line) => line.includes(':')).map((line) => {
    const at = line.indexOf(':');
    return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
  }));
}

/** Draws every page as a PNG (`pdftoppm -r <dpi>`) into `dir` as `<name>-<page>.png`; returns the files. */
export async function pdfToPng(pdf: Buffer, dir: string, name: string, dpi = 60): Promise<string[]> {
  await withFile(pdf, (file) => run('pdftoppm', ['-r', String(dpi), '-png', file, join(dir, name)]));
  return (await readdir(dir)).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')).sort().map((f) => join(dir, f));
}
