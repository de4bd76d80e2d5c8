// `file` fields (附件) in forms: the shape the workflow and the API accept, the files the values
// name, how a notice's text names them, and the name and header a file is kept and served under.
import { attachmentsIn, validateForm } from '../../workflows/forms';
import type { FormSpec } from '../../workflows/template-types';
import { fill } from '../../workflows/text';
import { Workbook } from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keptFileName, kindOfFile } from '../../src/attachments/file-kinds';
import { contentDisposition } from '../../src/common/content-disposition';

const form: FormSpec = {
  fields: [
    { key: 'districtQuotas', type: 'file', label: { 'zh-CN': '名额分配表', en: 'Quota table' }, required: true, maxLength: 2 },
    { key: 'photos', type: 'file', label: { 'zh-CN': '现场照片', en: 'Photos' } },
    { key: 'guests', type: 'list', label: { 'zh-CN': '嘉宾', en: 'Guests' } },
  ],
};
const quota = { id: '3f2b8c1e-0d4a-4e5b-9c6d-7e8f9a0b1c2d', name: '名额分配表.xlsx', mimeType: 'application/vnd.ms-excel', size: 5120 };
const photo = { id: '0d4a4e5b-3f2b-4c1e-9c6d-7e8f9a0b1c2d', name: '合影.jpg' };
const problems = (values: Record<string, unknown>) => validateForm(form, values).map((e) => `${e.field}: ${e.message['zh-CN']} / ${e.message.en}`);

describe('file fields', () => {
  it('accept a list of uploaded files, each an id with its name', () => {
    expect(problems({ districtQuotas: [quota], photos: [photo] })).toEqual([]);
  });

  it('refuse a link, bare ids, a malformed id, a blank name or a field of their own in the place of files', () => {
    const refused = 'districtQuotas: 名额分配表应为上传的附件列表 / Quota table must be a list of uploaded files';
    expect(problems({ districtQuotas: 'https://fulian.example/quota.xlsx' })).toEqual([refused]);
    expect(problems({ districtQuotas: [quota.id] })).toEqual([refused]);
    expect(problems({ districtQuotas: [{ ...quota, id: 'quota-1' }] })).toEqual([refused]);
    expect(problems({ districtQuotas: [{ ...quota, name: '  ' }] })).toEqual([refused]);
    expect(problems({ districtQuotas: [{ ...quota, path: '/etc/passwd' }] })).toEqual([refused]);
    expect(problems({ districtQuotas: [{ ...quota, size: -1 }] })).toEqual([refused]);
  });

  it('are required like any field, count their files against maxLength and refuse a file named twice', () => {
    expect(problems({ districtQuotas: [] })).toEqual(['districtQuotas: 名额分配表为必填项 / Quota table is required']);
    expect(problems({ districtQuotas: [quota, photo, { ...photo, id: '7e8f9a0b-0d4a-4e5b-9c6d-3f2b8c1e1c2d' }] })).toEqual([
      'districtQuotas: 名额分配表最多2个附件 / Quota table allows at most 2 files',
    ]);
    expect(problems({ districtQuotas: [quota, quota] })).toEqual(['districtQuotas: 名额分配表中有重复的附件 / Quota table lists a file twice']);
  });

  it('are the only values whose files are bound at submission: a list of texts names none', () => {
    expect(attachmentsIn({ districtQuotas: [quota], photos: [], guests: ['王小明'], title: '方案' })).toEqual([{ field: 'districtQuotas', refs: [quota] }]);
  });

  it("read in a notice's text as the names of their files", () => {
    const steps = { 'draft-plan': { districtQuotas: [quota, photo], guests: ['王小明', '李华'] } };
    expect(fill('各单位推荐名额见附件（{{steps.draft-plan.districtQuotas}}）；嘉宾：{{steps.draft-plan.guests}}', { steps })).toBe(
      '各单位推荐名额见附件（名额分配表.xlsx、合影.jpg）；嘉宾：王小明、李华',
    );
  });
});

describe('what a file is, by its content', () => {
  const dir = mkdtempSync(join(tmpdir(), 'file-kinds-'));
  const fileOf = (name: string, ...parts: Buffer[]) => {
    const path = join(dir, name);
    writeFileSync(path, Buffer.concat(parts));
    return path;
  };
  // An OLE compound file: Word 97–2003, Excel 97–2003, but also installers (.msi).
  const compound = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);

  it('tells a PDF and a PNG by their first bytes, whatever they are called', async () => {
    expect(await kindOfFile(fileOf('名额分配表.xlsx', Buffer.from('%PDF-1.7\n%%EOF\n')))).toBe('pdf');
    expect(await kindOfFile(fileOf('a.pdf', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000dIHDR', 'hex'), Buffer.alloc(40)))).toBe('png');
  });

  it('tells an Excel workbook inside its zip container', async () => {
    const workbook = new Workbook();
    workbook.addWorksheet('名额分配').addRow(['渝中区', 3]);
    expect(await kindOfFile(fileOf('名额分配表.zip', Buffer.from(await workbook.xlsx.writeBuffer())))).toBe('xlsx');
  });

  it('tells a Word or Excel 97–2003 file by the stream its container holds, and refuses a container holding neither', async () => {
    expect(await kindOfFile(fileOf('方案.doc', compound, Buffer.alloc(300_000), Buffer.from('WordDocument', 'utf16le')))).toBe('doc');
    expect(await kindOfFile(fileOf('名额.xls', compound, Buffer.from('Workbook', 'utf16le')))).toBe('xls');
    expect(await kindOfFile(fileOf('setup.doc', compound, Buffer.from('SummaryInformation', 'utf16le')))).toBeUndefined();
  });

  it('refuses a program and plain text', async () => {
    expect(await kindOfFile(fileOf('方案.pdf', Buffer.from('MZ'), Buffer.alloc(200)))).toBeUndefined();
    expect(await kindOfFile(fileOf('方案.docx', Buffer.from('见附件')))).toBeUndefined();
  });
});

describe('the name a file is kept under', () => {
  it('keeps a Chinese name and its extension when the content agrees', () => {
    expect(keptFileName('名额分配表.xlsx', 'xlsx')).toBe('名额分配表.xlsx');
    expect(keptFileName('合影.JPEG', 'jpg')).toBe('合影.jpeg');
  });

  it('drops folders and characters a file system or a header cannot hold, and ends in the extension the content calls for', () => {
    expect(keptFileName('C:\\fakepath\\方案"终稿"?.pdf', 'pdf')).toBe('方案_终稿__.pdf');
    expect(keptFileName('../../etc/setup.exe', 'pdf')).toBe('setup.exe.pdf');
    expect(keptFileName('', 'png')).toBe('附件.png');
    expect([...keptFileName(`${'长'.repeat(300)}.docx`, 'docx')]).toHaveLength(200);
  });

  it('is served with an ASCII stand-in and the real name in RFC 5987 form', () => {
    expect(contentDisposition('名额分配表 (终稿).pdf', { inline: true })).toBe(
      "inline; filename=\"_____ (__).pdf\"; filename*=UTF-8''%E5%90%8D%E9%A2%9D%E5%88%86%E9%85%8D%E8%A1%A8%20%28%E7%BB%88%E7%A8%BF%29.pdf",
    );
    expect(contentDisposition('a;b%.xlsx')).toBe("attachment; filename=\"a;b_.xlsx\"; filename*=UTF-8''a%3Bb%25.xlsx");
    // An exported workbook's name, as the exports give it: its own ASCII stand-in, the same cleaning.
    expect(contentDisposition('2027年"六一"活动-签收情况.xlsx', { asciiName: 'receipts.xlsx' })).toBe(
      `attachment; filename="receipts.xlsx"; filename*=UTF-8''${encodeURIComponent('2027年_六一_活动-签收情况.xlsx')}`,
    );
  });
});
