// Dates, localized texts and statuses as the UI shows them, in the current language.
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import relativeTime from 'dayjs/plugin/relativeTime';
import i18n from './i18n';
import type { Localized } from './api/types';

dayjs.extend(relativeTime);

export function isEnglish(): boolean {
  return i18n.language === 'en';
}

/** A text the API gives in both languages (or already as one string). */
export function loc(text: Localized | string | null | undefined): string {
  if (text == null) return '';
  if (typeof text === 'string') return text;
  return isEnglish() ? text.en || text['zh-CN'] : text['zh-CN'] || text.en;
}

function d(iso: string) {
  return dayjs(iso).locale(isEnglish() ? 'en' : 'zh-cn');
}

export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return d(iso).format(isEnglish() ? 'D MMM YYYY HH:mm' : 'YYYY年M月D日 HH:mm');
}

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return d(iso).format(isEnglish() ? 'D MMM YYYY' : 'YYYY年M月D日');
}

export function fmtShort(iso: string | null | undefined): string {
  if (!iso) return '—';
  return d(iso).format(isEnglish() ? 'D MMM HH:mm' : 'M月D日 HH:mm');
}

export function fromNow(iso: string | null | undefined): string {
  if (!iso) return '';
  return d(iso).fromNow();
}

export function isPast(iso: string | null | undefined): boolean {
  return !!iso && Date.parse(iso) < Date.now();
}
