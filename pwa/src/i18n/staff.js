// The staff screens' messages, merged under `staff.` when the first staff
// chunk loads (every staff order screen imports this through its kit).
import { i18n } from './index.js';
import zhCN from './staff.zh-CN.js';
import en from './staff.en.js';

export const staffMessages = { 'zh-CN': zhCN, en };

for (const [locale, m] of Object.entries(staffMessages)) i18n.global.mergeLocaleMessage(locale, { staff: m });
