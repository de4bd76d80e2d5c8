// 导出 Excel: downloads one of the API's .xlsx exports with the signed-in user's token (a plain link
// would carry none), under the file name the server gives (Chinese, RFC 5987).
import { useState, type ReactNode } from 'react';
import { App, Button } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, getToken } from '../api/client';
import i18n from '../i18n';

/** The file name of a Content-Disposition: the UTF-8 one where given, else the plain one. */
function fileNameOf(disposition: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
}

async function download(path: string, fallback: string): Promise<void> {
  const token = getToken();
  const res = await fetch(`/api${path}`, { headers: { 'accept-language': i18n.language, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as { message?: { 'zh-CN': string; en: string } } | undefined;
    const text = body?.message ? (i18n.language === 'en' ? body.message.en : body.message['zh-CN']) : i18n.t('error.http', { status: res.status });
    throw new ApiError(res.status, text);
  }
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(res.headers.get('content-disposition'), fallback);
  link.click();
  URL.revokeObjectURL(url);
}

export function ExportButton({ path, label, fileName, icon }: { path: string; label?: string; fileName: string; icon?: ReactNode }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await download(path, fileName);
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="small" icon={icon ?? <FileExcelOutlined />} loading={busy} onClick={() => void run()}>
      {label ?? t('office.export')}
    </Button>
  );
}
