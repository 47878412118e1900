// The words that lead to the scorecard, merged under `score.` with the
// first paint (the factory's Me screen, the staff supplier list and the
// shell's title name them before the screen's chunk loads). The screen's
// own words are in messages.js.
import { i18n } from '../../i18n/index.js';

export const entryMessages = {
  'zh-CN': { title: '供应商评分卡', open: '评分卡', openFor: '{name} 的评分卡', mine: '我的评分卡' },
  en: { title: 'Supplier scorecard', open: 'Scorecard', openFor: 'Scorecard of {name}', mine: 'My scorecard' },
};

for (const [locale, m] of Object.entries(entryMessages)) i18n.global.mergeLocaleMessage(locale, { score: m });
