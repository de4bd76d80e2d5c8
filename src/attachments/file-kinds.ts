// What a file is, told by its content and never by its name or the browser's word for it: the kinds
// of file an office attaches (Word, Excel, PDF, photos) and the name it is kept under.
import { createReadStream } from 'node:fs';
// file-type 16: the last CommonJS line (17 and later are ES modules only).
import { fromFile } from 'file-type';
import { ATTACHMENT_NAME_MAX } from '../../workflows/forms';

export interface FileKind {
  /** The extension the content calls for; the first of `extensions`. */
  extensions: readonly string[];
  mimeType: string;
  /** Shown in the browser (images, PDF) rather than saved. */
  inline: boolean;
  label: string;
}

export const FILE_KINDS = {
  pdf: { extensions: ['pdf'], mimeType: 'application/pdf', inline: true, label: 'PDF' },
  docx: { extensions: ['docx'], mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', inline: false, label: 'Word (.docx)' },
  doc: { extensions: ['doc'], mimeType: 'application/msword', inline: false, label: 'Word 97–2003 (.doc)' },
  xlsx: { extensions: ['xlsx'], mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', inline: false, label: 'Excel (.xlsx)' },
  xls: { extensions: ['xls'], mimeType: 'application/vnd.ms-excel', inline: false, label: 'Excel 97–2003 (.xls)' },
  png: { extensions: ['png'], mimeType: 'image/png', inline: true, label: 'PNG' },
  jpg: { extensions: ['jpg', 'jpeg'], mimeType: 'image/jpeg', inline: true, label: 'JPEG' },
} as const satisfies Record<string, FileKind>;

export type FileKindCode = keyof typeof FILE_KINDS;

/** The accepted kinds in words, for a refusal: "PDF、Word (.docx)、…". */
export const ACCEPTED_KINDS = Object.values(FILE_KINDS)
  .map((k) => k.label)
  .join('、');

/** The extensions an upload control may offer (".pdf,.docx,…"); the server decides by content all the same. */
export const ACCEPTED_EXTENSIONS = Object.values(FILE_KINDS).flatMap((k) => k.extensions.map((e) => `.${e}`));

/**
 * Word 97–2003 and Excel 97–2003 files are OLE compound files, as are installers (.msi) and many
 * other things: the container is told by its signature, the document by the stream it must hold,
 * whose name is in the container's directory in UTF-16.
 */
const COMPOUND_STREAMS: { kind: 'doc' | 'xls'; names: Buffer[] }[] = [
  { kind: 'doc', names: [Buffer.from('WordDocument', 'utf16le')] },
  { kind: 'xls', names: [Buffer.from('Workbook', 'utf16le'), Buffer.from('Book\0', 'utf16le')] },
];

/** The kind the file's bytes show, or undefined when it is none of the accepted kinds. */
export async function kindOfFile(path: string): Promise<FileKindCode | undefined> {
  const found = await fromFile(path);
  switch (found?.ext) {
    case 'pdf':
    case 'docx':
    case 'xlsx':
    case 'png':
    case 'jpg':
      return found.ext;
    case 'cfb':
      return compoundDocumentKind(path);
    default:
      return undefined;
  }
}

/** Which Office 97–2003 document an OLE compound file holds, if either: one pass over the file. */
async function compoundDocumentKind(path: string): Promise<'doc' | 'xls' | undefined> {
  const longest = Math.max(...COMPOUND_STREAMS.flatMap((c) => c.names.map((n) => n.length)));
  let tail = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    const window = Buffer.concat([tail, chunk as Buffer]);
    const hit = COMPOUND_STREAMS.find((c) => c.names.some((n) => window.includes(n)));
    if (hit) return hit.kind;
    tail = window.subarray(Math.max(0, window.length - longest));
  }
  return undefined;
}

/**
 * The name a file is kept under: the uploader's, without folders or characters a file system or a
 * header cannot hold, ending in the extension its content calls for, at most ATTACHMENT_NAME_MAX.
 */
export function keptFileName(given: string, kind: FileKindCode): string {
  const { extensions } = FILE_KINDS[kind];
  const cleaned = given
    .normalize('NFC')
    .replace(/^.*[\\/]/, '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"*:<>?|\\]/g, '_')
    .trim();
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 ? cleaned.slice(dot + 1).toLowerCase() : '';
  const hasRightExtension = (extensions as readonly string[]).includes(ext);
  const base = (hasRightExtension ? cleaned.slice(0, dot) : cleaned) || '附件';
  const suffix = `.${hasRightExtension ? ext : extensions[0]}`;
  return [...base].slice(0, ATTACHMENT_NAME_MAX - suffix.length).join('') + suffix;
}
