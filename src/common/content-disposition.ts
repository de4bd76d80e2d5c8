// The Content-Disposition of every download (附件, exported workbooks): one set of rules for the
// name, so a file is called the same whichever route serves it.

/**
 * `inline` (shown in the browser) or `attachment` (saved), with the name twice (RFC 6266): an
 * ASCII stand-in for old clients, and the real one in RFC 5987's UTF-8 form
 * (`filename*=UTF-8''%E5%90%8D…`), so Chinese names arrive whole. Characters a file system cannot
 * hold become `_`; nothing in a name can break out of the header, as the stand-in keeps only
 * printable ASCII without quotes, backslashes or `%`.
 */
export function contentDisposition(fileName: string, options: { inline?: boolean; asciiName?: string } = {}): string {
  const name = fileName.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_');
  const fallback = (options.asciiName ?? name).replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${options.inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
