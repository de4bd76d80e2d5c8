// zh-CN by default, English on request; the choice is kept in localStorage. A missing key is an
// error in the console (the browser tests fail on it) rather than a raw key on the screen.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en';
import zhCN from './locales/zh-CN';

export const LANGUAGE_KEY = 'fulian.lang';
export type Language = 'zh-CN' | 'en';

const saved = localStorage.getItem(LANGUAGE_KEY);

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
  saveMissing: true,
  missingKeyHandler: (_lngs, _ns, key) => console.error(`missing translation: ${key}`),
});

export function setLanguage(lang: Language): void {
  localStorage.setItem(LANGUAGE_KEY, lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

document.documentElement.lang = i18n.language;

export default i18n;
