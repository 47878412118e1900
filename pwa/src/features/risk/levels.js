// The risk levels' words, merged under `risk.level.` with the first paint:
// the factory's order list shows its orders' level (RiskBadge) before any
// risk screen's chunk loads. Everything else the risk screens say is in
// messages.js, which loads with them.
import { i18n } from '../../i18n/index.js';

export const LEVELS = ['late', 'at_risk', 'on_track', 'done'];

export const levelMessages = {
  'zh-CN': { level: { late: '已延误', at_risk: '有风险', on_track: '正常', done: '已完成' } },
  en: { level: { late: 'Late', at_risk: 'At risk', on_track: 'On track', done: 'Done' } },
};

for (const [locale, m] of Object.entries(levelMessages)) i18n.global.mergeLocaleMessage(locale, { risk: m });
