// Files (附件) in forms: the upload control of a `file` field, and the files of a submitted form as
// links — images as thumbnails, PDFs opened in a new tab. The server tells a file's kind by its
// content and refuses what it will not keep; its refusal is shown beside the file, in the user's language.
import { FileExcelOutlined, FileOutlined, FilePdfOutlined, FileWordOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Image, Space, Typography, Upload, type UploadFile } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentRef } from '../../../workflows/forms';
import { ApiError, errorFrom, get, getToken } from '../api/client';
import type { AttachmentMeta } from '../api/types';
import i18n from '../i18n';

/** Where the form's files go: the task being done, the unit's receipt of a notice, or a unit's campaign report. */
export type AttachmentTarget =
  | { eventId: string; taskId: string }
  | { eventId: string; stepId: string; unitCode: string }
  | { campaignId: string; unitCode: string };

function uploadUrl(target: AttachmentTarget): string {
  if ('campaignId' in target) return `/api/campaigns/${target.campaignId}/units/${encodeURIComponent(target.unitCode)}/attachments`;
  const query = new URLSearchParams('taskId' in target ? { taskId: target.taskId } : { stepId: target.stepId, unitCode: target.unitCode });
  return `/api/events/${target.eventId}/attachments?${query.toString()}`;
}

/** What the file picker offers; the server decides by the content all the same. */
const ACCEPT = '.pdf,.docx,.doc,.xlsx,.xls,.png,.jpg,.jpeg';

function authHeaders(): Record<string, string> {
  const token = getToken();
  return { 'accept-language': i18n.language, ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

/** One upload, with its progress; the answer is the kept file's description, or the server's refusal. */
function uploadFile(target: AttachmentTarget, file: File, onProgress: (percent: number) => void): Promise<AttachmentMeta> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', uploadUrl(target));
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded * 100) / e.total));
    xhr.onload = () => {
      let body: unknown = undefined;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON: said by the status alone */
      }
      if (xhr.status === 201) resolve(body as AttachmentMeta);
      else reject(errorFrom(xhr.status, body));
    };
    xhr.onerror = () => reject(new ApiError(0, i18n.t('error.network')));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

/** The file's content as a blob URL: the API wants the bearer token, which a plain link cannot send. */
async function blobUrlOf(id: string): Promise<string> {
  const res = await fetch(`/api/attachments/${id}`, { headers: authHeaders() });
  if (!res.ok) throw errorFrom(res.status, await res.json().catch(() => undefined));
  return URL.createObjectURL(await res.blob());
}

const INLINE = new Set(['application/pdf', 'image/png', 'image/jpeg']);

/** Opens an image or a PDF in a new tab, and saves any other kind under its name. */
async function openAttachment(ref: AttachmentRef): Promise<void> {
  // The tab is opened at the click, before the download, so no popup blocker stops it.
  const tab = ref.mimeType && INLINE.has(ref.mimeType) ? window.open('', '_blank') : null;
  try {
    const url = await blobUrlOf(ref.id);
    if (tab) {
      tab.opener = null;
      tab.location.href = url;
    } else {
      const a = document.createElement('a');
      a.href = url;
      a.download = ref.name;
      a.click();
    }
    // The tab or the download holds the bytes once it has begun; the URL can then go. A minute is
    // ample for that, and the tab cannot say when it has loaded: its page is the blob's, not ours.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) {
    tab?.close();
    throw err;
  }
}

function iconOf(mimeType: string | undefined) {
  if (mimeType === 'application/pdf') return <FilePdfOutlined />;
  if (mimeType?.includes('word')) return <FileWordOutlined />;
  if (mimeType?.includes('excel') || mimeType?.includes('spreadsheet')) return <FileExcelOutlined />;
  return <FileOutlined />;
}

/** "20 MB", "1.5 MB", "64 KB", as the server words its limit. */
function sizeText(size: number): string {
  const mb = size / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  return `${Math.max(1, Math.round(size / 1024))} KB`;
}

const refOf = (m: AttachmentMeta): AttachmentRef => ({ id: m.id, name: m.name, mimeType: m.mimeType, size: m.size });

/**
 * The control of a `file` field inside an antd Form.Item: `value` is the field's files. Each file
 * is uploaded as it is chosen; one the server refuses stays listed with its reason and is not part
 * of the value.
 */
export function AttachmentField({ value, onChange, target, maxCount }: { value?: AttachmentRef[]; onChange?: (v: AttachmentRef[]) => void; target?: AttachmentTarget; maxCount?: number }) {
  const { t } = useTranslation();
  const files = value ?? [];
  const [pending, setPending] = useState<UploadFile[]>([]);
  // The server's limit, to refuse a file too large before sending it (the server refuses it all the same).
  const maxBytes = useQuery({ queryKey: ['web-config'], queryFn: () => get<{ attachmentMaxBytes: number }>('/web/config'), staleTime: Infinity }).data?.attachmentMaxBytes;
  // Uploads finish in any order: each adds its file to the value as it stands then.
  const latest = useRef(files);
  latest.current = files;
  if (!target) return <Typography.Text type="secondary">{t('attachments.unavailable')}</Typography.Text>;
  const fileList: UploadFile[] = [
    ...files.map((f): UploadFile => ({ uid: f.id, name: f.name, status: 'done', size: f.size, type: f.mimeType })),
    ...pending,
  ];
  const settle = (uid: string, change: Partial<UploadFile> | null) =>
    setPending((list) => (change === null ? list.filter((p) => p.uid !== uid) : list.map((p) => (p.uid === uid ? { ...p, ...change } : p))));
  return (
    <>
      <Upload
        accept={ACCEPT}
        multiple
        maxCount={maxCount}
        fileList={fileList}
        beforeUpload={(file) => {
          if (maxBytes === undefined || file.size <= maxBytes) return true;
          setPending((list) => [...list, { uid: file.uid, name: file.name, status: 'error', response: t('attachments.tooLarge', { limit: sizeText(maxBytes) }) }]);
          return false;
        }}
        customRequest={({ file }) => {
          const chosen = file as File & { uid: string };
          setPending((list) => [...list, { uid: chosen.uid, name: chosen.name, status: 'uploading', percent: 0 }]);
          uploadFile(target, chosen, (percent) => settle(chosen.uid, { percent }))
            .then((meta) => {
              settle(chosen.uid, null);
              onChange?.([...latest.current, refOf(meta)]);
            })
            .catch((err: unknown) => settle(chosen.uid, { status: 'error', response: err instanceof Error ? err.message : String(err) }));
        }}
        onRemove={(f) => {
          if (pending.some((p) => p.uid === f.uid)) settle(f.uid, null);
          else onChange?.(files.filter((x) => x.id !== f.uid));
          return false;
        }}
        onPreview={(f) => {
          const ref = files.find((x) => x.id === f.uid);
          if (ref) void openAttachment(ref);
        }}
      >
        <Button icon={<UploadOutlined />}>{t('attachments.choose')}</Button>
        <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
          {maxBytes === undefined ? t('attachments.kinds') : t('attachments.kindsWithLimit', { limit: sizeText(maxBytes) })}
        </Typography.Text>
      </Upload>
      {pending
        .filter((p) => p.status === 'error')
        .map((p) => (
          <Typography.Text key={p.uid} type="danger" role="alert" style={{ display: 'block' }}>
            {t('attachments.refused', { name: p.name, reason: String(p.response) })}
          </Typography.Text>
        ))}
    </>
  );
}

/** An image's thumbnail, fetched with the token; a click shows it large. */
function Thumbnail({ file }: { file: AttachmentRef }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let made: string | undefined;
    let live = true;
    blobUrlOf(file.id)
      .then((u) => {
        if (live) setUrl((made = u));
        else URL.revokeObjectURL(u);
      })
      // Without its thumbnail, the image is still listed and opens from its link.
      .catch(() => undefined);
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [file.id]);
  return url ? <Image src={url} alt={file.name} width={96} height={96} style={{ objectFit: 'cover' }} /> : null;
}

/** A submitted form's files: images as thumbnails, each file a link that opens or saves it. */
export function AttachmentList({ files }: { files: AttachmentRef[] }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState<string>();
  if (!files.length) return <>—</>;
  return (
    <Space orientation="vertical" size={4}>
      {files.map((f) => (
        <Space key={f.id} wrap align="center">
          {f.mimeType?.startsWith('image/') && <Thumbnail file={f} />}
          <Button
            type="link"
            icon={iconOf(f.mimeType)}
            style={{ paddingInline: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
            onClick={() => openAttachment(f).catch((err: unknown) => setFailed(err instanceof Error ? err.message : String(err)))}
            aria-label={t(f.mimeType && INLINE.has(f.mimeType) ? 'attachments.openNamed' : 'attachments.downloadNamed', { name: f.name })}
          >
            <span className="wrap-anywhere">{f.name}</span>
          </Button>
          {f.size !== undefined && <Typography.Text type="secondary">{sizeText(f.size)}</Typography.Text>}
        </Space>
      ))}
      {failed && (
        <Typography.Text type="danger" role="alert">
          {failed}
        </Typography.Text>
      )}
    </Space>
  );
}
