import { createI18n } from 'vue-i18n';
import { Locale } from 'vant';
import { messages as zhCN, vantMessages as vantZh } from './bundle.zh-CN.js';
import { onMissing } from './missing.js';
import { compileMessage } from './compile.js';

// Each screen family keeps its messages in its own file, under its own key.
// The staff screens' messages (staff.*.js) are merged by ./staff.js when
// their lazy chunks load, so a factory phone's first paint does not carry them.
// The error texts (errors.*.js) come with the first paint: any screen may
// have to explain a refusal. Only the default language (Chinese) is in the
// first paint; English is its own chunk, loaded before the UI switches to
// it (loadLocale), so a phone downloads the texts of one language only.
// (Screens' lazy chunks merge both languages of their own texts.)
export const locales = ['zh-CN', 'en'];
const VANT_NAMES = { 'zh-CN': 'zh-CN', en: 'en-US' };
const vantTexts = { 'zh-CN': vantZh };
const lazy = { en: () => import('./bundle.en.js') };
const loading = {};

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
  messages: { 'zh-CN': zhCN },
  // Quiet in the app; the unit tests collect every missing key and fail on it.
  missingWarn: false,
  fallbackWarn: false,
  missing: onMissing,
  // Our own small compiler; the build drops vue-i18n's (compile.js).
  messageCompiler: compileMessage,
});

/**
 * Makes sure a locale's first-paint texts are there (fetching its chunk
 * once); resolves when they are. A chunk that cannot be fetched (offline
 * before the service worker has it) rejects, and may be tried again.
 */
export function loadLocale(locale) {
  if (vantTexts[locale] || !lazy[locale]) return Promise.resolve();
  loading[locale] ||= lazy[locale]().then((m) => {
    // Merged: a screen's chunk may have merged its own texts already.
    i18n.global.mergeLocaleMessage(locale, m.messages);
    vantTexts[locale] = m.vantMessages;
  }).finally(() => {
    delete loading[locale];
  });
  return loading[locale];
}

let wanted = 'zh-CN';

/**
 * Switches the UI (and Vant's own texts) to a locale once its texts are
 * loaded; resolves the locale shown. Of two quick switches the last wins.
 */
export async function setLocale(locale) {
  const l = locales.includes(locale) ? locale : 'zh-CN';
  wanted = l;
  try {
    await loadLocale(l);
  } catch {
    return i18n.global.locale.value; // stays as it was
  }
  if (wanted !== l) return i18n.global.locale.value;
  i18n.global.locale.value = l;
  Locale.use(VANT_NAMES[l], vantTexts[l]);
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
