// The Settings screen's links to the after-sales screens, merged under
// `asnav.` (a few words: Settings does not load the screens' messages).
import { i18n } from '../../i18n/index.js';

export const asNavMessages = {
  'zh-CN': { title: '售后', complaints: '客户投诉', complaintsSub: '状态、天数、纠正措施和处理方案', receivables: '应收款', receivablesSub: '逾期优先，未收金额' },
  en: { title: 'After-sales', complaints: 'Customer complaints', complaintsSub: 'Status, age, corrective actions and resolutions', receivables: 'Receivables', receivablesSub: 'Overdue first, balance to collect' },
};

for (const [locale, m] of Object.entries(asNavMessages)) i18n.global.mergeLocaleMessage(locale, { asnav: m });
