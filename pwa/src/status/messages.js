// The customer's status page texts, in both languages (the same keys and
// placeholders: messages.test.js). Kept here, small, instead of the app's
// i18n: the page is its own little bundle.

const en = {
  title: 'Order status',
  brand: 'Gendan',
  loading: 'Loading the order status…',
  lang: { label: 'Language', en: 'English', zh: '中文' },
  status: {
    label: 'Status:',
    on_track: 'On track',
    needs_attention: 'Needs attention',
    delayed: 'Delayed',
    completed: 'Completed',
    cancelled: 'Cancelled',
    unknown: 'In progress',
  },
  head: {
    order: 'Order {po}',
    style: 'Style',
    customer: 'Customer',
    exFactory: 'Ex-factory date',
    quantity: 'Quantity',
    updated: 'Last updated {time}',
    validUntil: 'This link works until {date}.',
  },
  progress: {
    title: 'Progress',
    none: 'No production steps are planned yet.',
    planned: 'Planned',
    actual: 'Actual',
    percent: '{n}% done',
    state: { done: 'Done', in_progress: 'In progress', not_started: 'Not started', skipped: 'Not needed' },
  },
  samples: {
    title: 'Approved samples',
    none: 'No approved samples yet.',
    round: 'round {n}',
    approved: 'Approved {date}',
    photo: '{type}, round {round}, photo {n}',
    close: 'Close',
    noPhotos: 'No photos.',
  },
  inspection: {
    title: 'Final inspection',
    none: 'No final inspection yet.',
    result: { pass: 'Passed', fail: 'Failed', pending: 'Pending' },
    on: 'Inspected {date}',
  },
  shipments: {
    title: 'Shipments',
    none: 'Nothing has shipped yet.',
    shipped: 'Shipped',
    quantity: 'Quantity',
    carrier: 'Carrier',
    tracking: 'Tracking number',
    received: 'Received',
  },
  contact: {
    title: 'Questions?',
    text: 'Your contact for this order:',
    email: 'E-mail:',
    phone: 'Phone:',
  },
  units: { pcs: 'pcs', sets: 'sets', pairs: 'pairs', dozen: 'dozen', kg: 'kg', m: 'm' },
  state: {
    notFound: 'Link not found',
    notFoundText: 'This link is not valid. Check that it was copied completely, or ask your merchandiser for a new one.',
    expired: 'This link has expired',
    expiredText: 'This link has expired or was withdrawn. Please contact your merchandiser for a new link.',
    rateLimited: 'Too many requests',
    rateLimitedText: 'This page was opened too often in a short time. Please try again later.',
    rateLimitedWait: 'This page was opened too often in a short time. Please try again in {n} min.',
    error: 'The order status could not be loaded',
    errorText: 'Check your connection and try again.',
    retry: 'Try again',
  },
};

const zhCN = {
  title: '订单进度',
  brand: '跟单',
  loading: '正在加载订单进度…',
  lang: { label: '语言', en: 'English', zh: '中文' },
  status: {
    label: '状态：',
    on_track: '进展顺利',
    needs_attention: '需要关注',
    delayed: '延误',
    completed: '已完成',
    cancelled: '已取消',
    unknown: '进行中',
  },
  head: {
    order: '订单 {po}',
    style: '款式',
    customer: '客户',
    exFactory: '出厂日期',
    quantity: '数量',
    updated: '最后更新：{time}',
    validUntil: '此链接有效期至 {date}。',
  },
  progress: {
    title: '生产进度',
    none: '还没有计划生产工序。',
    planned: '计划',
    actual: '实际',
    percent: '已完成 {n}%',
    state: { done: '已完成', in_progress: '进行中', not_started: '未开始', skipped: '不需要' },
  },
  samples: {
    title: '已批准的样品',
    none: '还没有已批准的样品。',
    round: '第 {n} 轮',
    approved: '{date} 批准',
    photo: '{type}，第 {round} 轮，照片 {n}',
    close: '关闭',
    noPhotos: '没有照片。',
  },
  inspection: {
    title: '尾期检验',
    none: '还没有尾期检验。',
    result: { pass: '合格', fail: '不合格', pending: '待定' },
    on: '{date} 检验',
  },
  shipments: {
    title: '出货',
    none: '还没有出货。',
    shipped: '出货日期',
    quantity: '数量',
    carrier: '承运商',
    tracking: '运单号',
    received: '收货日期',
  },
  contact: {
    title: '有问题？',
    text: '此订单的联系人：',
    email: '邮箱：',
    phone: '电话：',
  },
  units: { pcs: '件', sets: '套', pairs: '双', dozen: '打', kg: '千克', m: '米' },
  state: {
    notFound: '找不到此链接',
    notFoundText: '此链接无效。请检查链接是否完整复制，或向跟单员索取新链接。',
    expired: '此链接已失效',
    expiredText: '此链接已过期或已被撤回。请联系您的跟单员获取新链接。',
    rateLimited: '访问过于频繁',
    rateLimitedText: '此页面在短时间内打开次数过多，请稍后再试。',
    rateLimitedWait: '此页面在短时间内打开次数过多，请 {n} 分钟后再试。',
    error: '订单进度加载失败',
    errorText: '请检查网络连接后重试。',
    retry: '重试',
  },
};

export const messages = { en, 'zh-CN': zhCN };

/** Reads a dotted key in lang's texts (undefined when absent). */
export const lookup = (lang, key) => key.split('.').reduce((n, k) => (n && typeof n === 'object' ? n[k] : undefined), messages[lang]);

/** The text of key in lang with its {name} placeholders filled; the key itself when missing. */
export function translate(lang, key, params = {}) {
  const s = lookup(lang, key) ?? lookup('en', key);
  if (typeof s !== 'string') return key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (params[k] === undefined || params[k] === null ? m : String(params[k])));
}
