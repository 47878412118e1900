import { createI18n } from 'vue-i18n';
import { Locale } from 'vant';
import vantZh from 'vant/es/locale/lang/zh-CN';
import vantEn from 'vant/es/locale/lang/en-US';
import zhCN from './zh-CN.js';
import en from './en.js';
import factoryZh from './factory.zh-CN.js';
import factoryEn from './factory.en.js';
import errorsZh from './errors.zh-CN.js';
import errorsEn from './errors.en.js';
import { onMissing } from './missing.js';

// Each screen family keeps its messages in its own file, under its own key.
// The staff screens' messages (staff.*.js) are merged by ./staff.js when
// their lazy chunks load, so a factory phone's first paint does not carry them.
// The error texts (errors.*.js) come with the first paint: any screen may
// have to explain a refusal.
export const messages = {
  'zh-CN': { ...zhCN, errors: errorsZh, factory: factoryZh },
  en: { ...en, errors: errorsEn, factory: factoryEn },
};
export const locales = ['zh-CN', 'en'];

/** The browser's preference, reduced to a supported locale. */
export function browserLocale(langs = globalThis.navigator?.languages || []) {
  for (const l of langs) {
    if (/^zh\b/i.test(l)) return 'zh-CN';
    if (/^en\b/i.test(l)) return 'en';
  }
  return 'zh-CN';
}

export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'en',
  messages,
  // Quiet in the app; the unit tests collect every missing key and fail on it.
  missingWarn: false,
  fallbackWarn: false,
  missing: onMissing,
});

/** Switches the UI (and Vant's own texts) to a locale. */
export function setLocale(locale) {
  const l = locales.includes(locale) ? locale : 'zh-CN';
  i18n.global.locale.value = l;
  Locale.use(l === 'en' ? 'en-US' : 'zh-CN', l === 'en' ? vantEn : vantZh);
  document.documentElement.lang = l;
  return l;
}

/** Formats an RFC 3339 time or a Date in the current locale. */
export function formatDateTime(value) {
  if (!value) return '';
  const d = value instanceof Date ? value : new Date(value);
  return new Intl.DateTimeFormat(i18n.global.locale.value, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** Formats a YYYY-MM-DD date in the current locale. */
export function formatDate(value) {
  if (!value) return '';
  const d = new Date(value.length === 10 ? value + 'T00:00:00' : value);
  return new Intl.DateTimeFormat(i18n.global.locale.value, { dateStyle: 'medium' }).format(d);
}
