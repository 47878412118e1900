// The production order sheet's messages, merged under `sheet.` when its
// chunk loads (the first paint does not carry them).
import { i18n } from '../../i18n/index.js';

export const sheetMessages = {
  'zh-CN': {
    title: '生产单 / 流程卡', print: '打印', open: '生产单', loading: '正在载入生产单…', failed: '生产单载入失败',
    po: '订单号', revision: '第 {n} 版', revisionDate: '{date} 修订', original: '原始版本', customer: '客户', style: '款号 / 款名',
    category: '品类', requirements: '客户要求', noRequirements: '（无）', exFactory: '交期', shipMode: '运输方式', destination: '目的地',
    tolerance: '溢短装', quantities: '颜色 × 尺码数量', colour: '颜色', total: '合计', plan: '跟单计划（T&A）', step: '节点',
    planned: '计划日期', actual: '实际日期', samples: '已批样品', noSamples: '暂无已批样品。', round: '第 {n} 轮',
    decidedAt: '{date} 批复', status: { approved: '已批', approved_with_comments: '有意见通过' }, comment: '意见', noComment: '无意见', printed: '打印于 {date}', language: '语言',
  },
  en: {
    title: 'Production order sheet', print: 'Print', open: 'Production sheet', loading: 'Loading the production sheet…', failed: 'The production sheet did not load',
    po: 'PO', revision: 'Revision {n}', revisionDate: 'revised {date}', original: 'original', customer: 'Customer', style: 'Style no. / name',
    category: 'Category', requirements: "Customer's requirements", noRequirements: '(none)', exFactory: 'Ex-factory', shipMode: 'Ship mode', destination: 'Destination',
    tolerance: 'Tolerance', quantities: 'Quantities by colour × size', colour: 'Colour', total: 'Total', plan: 'T&A plan', step: 'Step',
    planned: 'Planned', actual: 'Actual', samples: 'Approved samples', noSamples: 'No approved samples yet.', round: 'round {n}',
    decidedAt: 'decided {date}', status: { approved: 'Approved', approved_with_comments: 'Approved with comments' }, comment: 'Comment', noComment: 'no comment', printed: 'Printed {date}', language: 'Language',
  },
};

for (const [locale, m] of Object.entries(sheetMessages)) i18n.global.mergeLocaleMessage(locale, { sheet: m });
