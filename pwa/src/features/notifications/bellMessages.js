// The bell's few words (its accessible name), merged under
// `notifications.bell.` when the bell's chunk loads, in both languages: the
// bell is in every header, and English is otherwise a chunk of its own.
import { i18n } from '../../i18n/index.js';

export const bellMessages = {
  'zh-CN': { bell: { none: '通知', unread: '通知，{n} 条未读' } },
  en: { bell: { none: 'Notifications', unread: 'Notifications, {n} unread' } },
};

for (const [locale, m] of Object.entries(bellMessages)) i18n.global.mergeLocaleMessage(locale, { notifications: m });
