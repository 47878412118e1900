// The Settings screen's links to the material screens, merged under
// `matnav.` (a few words: Settings does not load the screens' messages).
import { i18n } from '../../i18n/index.js';

export const matNavMessages = {
  'zh-CN': { title: '物料跟单', pos: '物料采购单', posSub: '逾期、24 小时内到期、按状态筛选', suppliers: '物料供应商', suppliersSub: '面料、辅料供应商和五适评分' },
  en: { title: 'Material follow-up', pos: 'Material POs', posSub: 'Overdue, due in 24 h, by status', suppliers: 'Material suppliers', suppliersSub: 'Fabric and trim suppliers, five-rights scorecard' },
};

for (const [locale, m] of Object.entries(matNavMessages)) i18n.global.mergeLocaleMessage(locale, { matnav: m });
