// 下载公文（PDF）: a notice's document as issued, downloaded with the signed-in user's token under the
// name the server gives it (渝妇发〔2027〕12号-关于….pdf).
import { FilePdfOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ExportButton } from './ExportButton';

/** `url` is the API's `documentUrl` (/api/events/…/document.pdf). */
export function DocumentButton({ url }: { url: string }) {
  const { t } = useTranslation();
  return <ExportButton path={url.replace(/^\/api/, '')} label={t('officialDocument.download')} fileName="document.pdf" icon={<FilePdfOutlined />} />;
}
