// The staff after-sales screens' messages (售后, issue 18), merged under
// `as.` when their chunk loads (the first paint does not carry them). Both
// languages have the same keys and placeholders (messages.test.js).
import { i18n } from '../../i18n/index.js';

const zhCN = {
  title: '售后',
  status: { open: '待处理', investigating: '调查中', resolution_agreed: '方案已同意', closed: '已关闭' },
  capaStatus: { open: '进行中', done: '待验证', verified: '已验证' },
  resStatus: { open: '进行中', done: '已完成', cancelled: '已取消' },
  channel: { email: '邮件', phone: '电话', chat: '聊天', visit: '拜访', other: '其他' },
  severity: { minor: '轻微', major: '严重', critical: '致命' },
  request: { replace: '换货', repair: '返修', discount: '折扣', return: '退货', information: '只要说明' },
  kind: { concession: '让步接收', rework: '返修', reproduction: '补单生产', discount: '折扣', return: '退货' },
  kindSub: { concession: '客户接受现状，不再处理', rework: '工厂返修，复检合格后重新出货', reproduction: '按数量新开一张补单', discount: '给客户折扣，可向工厂扣款', return: '客户退货，收到后再决定怎么处理' },
  bearer: { factory: '工厂', buyer: '我方', shared: '双方分担' },
  cause: { man: '人', machine: '机', material: '料', method: '法', measurement: '测', environment: '环', design: '设计' },
  days: '{n} 天',
  pcs: '{n} 件',
  section: {
    title: '售后', complaints: '本单的客户投诉', none: '这张订单没有客户投诉。', record: '登记客户投诉', notShipped: '订单出货后才能登记投诉。',
    loadFailed: '售后信息加载失败：{error}', finance: '发票与收款', close: '关闭订单', closeTitle: '关闭这张订单？',
    closeText: '关闭后订单不再变更。投诉都已关闭、发票已全额收款才能关闭。', closed: '订单已关闭', open: '打开', capas: '本单的纠正措施',
  },
  form: {
    title: '登记客户投诉', submit: '登记投诉', saved: '投诉已登记',
    received_date: '收到日期', channel: '渠道', description: '问题描述', delivery_id: '哪一批出货（可不选）', anyDelivery: '不指定',
    affected_qty: '涉及数量', affectedHint: '最多 {n} 件（已出货数量）', severity: '严重程度', customer_request: '客户要求', customer_contact: '客户联系人（只有我方看得到）',
    lines: '颜色 × 尺码（可不填）', addLine: '添加一行', removeLine: '删除这一行', colour: '颜色', size: '尺码', quantity: '数量',
    photos: '照片', addPhoto: '添加照片', removePhoto: '删除照片 {n}', uploading: '正在上传照片 {n}%', photoFailed: '照片上传失败：{error}',
  },
  list: {
    title: '客户投诉', filters: '筛选', status: '状态', all: '全部', order: '订单号（ID）', supplier: '工厂（ID）', clear: '清除筛选',
    empty: '没有客户投诉。', noMatch: '没有符合条件的投诉。', loadFailed: '投诉加载失败：{error}',
    col: { id: '编号', order: '订单', supplier: '工厂', received: '收到', age: '天数', severity: '严重程度', qty: '数量', status: '状态' },
  },
  detail: {
    title: '投诉 #{id}', loadFailed: '投诉加载失败：{error}', facts: '投诉内容', answer: '工厂的回复', noAnswer: '工厂还没有回复。',
    contact: '客户联系人', request: '客户要求', affected: '涉及数量', delivery: '出货批次', received: '收到日期', lines: '颜色 × 尺码', photos: '照片',
    investigate: '开始调查', agree: '客户已同意方案', close: '关闭投诉', done: '已更新', order: '订单 {po}',
  },
  capa: {
    title: '纠正与预防措施（CAPA）', none: '还没有纠正措施。', open: '要求工厂纠正', openTitle: '要求工厂纠正', problem: '问题', due_date: '完成期限', submit: '发给工厂',
    opened: '已发给工厂', containment: '临时措施', root_cause: '根本原因', cause_category: '原因类别', corrective_action: '纠正措施', preventive_action: '预防措施',
    owner: '负责人', evidence: '证据照片', notYet: '工厂还没有填写', verify: '验证通过', reopen: '退回', note: '说明', verifyTitle: '验证纠正措施', reopenTitle: '退回纠正措施',
    verified: '已验证', reopened: '已退回工厂', overdue: '已逾期', related: '同款同工厂未关闭的纠正措施',
  },
  res: {
    title: '处理方案', none: '还没有处理方案。', add: '添加处理方案', wizardTitle: '添加处理方案', path: '怎么处理', submit: '保存方案', saved: '方案已保存',
    quantity: '数量', limit: '已出货 {shipped} 件，已有方案 {resolved} 件，最多还能 {left} 件', cost_bearer: '谁承担费用', note: '说明', due_date: '期限',
    discountMode: '折扣方式', byAmount: '金额', byPct: '百分比', discount_amount: '折扣金额', discount_pct: '折扣 %', pctMeans: '约 {amount}（订单金额 {value}）',
    chargeback_amount: '向工厂扣款（可不填）', chargeback_over_discount: '允许扣款高于折扣', chargebackHint: '扣款不能高于折扣 {discount}，除非勾选下面一项。',
    then_kind: '退货收到后', progress: '记录进度', reinspect: '预约复检', redeliver: '预约重新出货', acknowledge: '确认扣款', complete: '完成', cancel: '取消方案',
    reworked_qty: '已返修数量', return_shipped_date: '客户退货寄出日期', return_received_date: '退货收到日期', reason: '取消原因', progressTitle: '记录进度', cancelTitle: '取消这个方案',
    discount: '折扣 {amount}', chargeback: '扣款 {amount}', acked: '工厂已确认', reworked: '已返修 {n}/{of}', replacement: '补单 {po}', inspection: '复检 #{id}', deliveryN: '重新出货 #{id}', returnShipped: '退货寄出 {date}', returnReceived: '退货收到 {date}', then: '之后：{kind}',
  },
  fin: {
    invoice: '发票', noInvoice: '还没有开发票。', recordInvoice: '登记发票', editInvoice: '修改发票', number: '发票号', invoice_date: '开票日期', amount: '金额', currency: '币种', due_date: '到期日',
    payments: '收款', noPayments: '还没有收款。', addPayment: '登记收款', paid_date: '收款日期', reference: '参考号', paid: '已收 {amount}', balance: '未收 {amount}',
    overdue: '逾期 {n} 天', saved: '已保存', invoiceTitle: '发票', paymentTitle: '登记收款', loadFailed: '发票与收款加载失败：{error}',
  },
  recv: {
    title: '应收款', overdueOnly: '只看逾期', loadFailed: '应收款加载失败：{error}', empty: '没有未收的款项。',
    col: { order: '订单', invoice: '发票', due: '到期日', amount: '发票金额', balance: '未收', overdue: '逾期' }, notOverdue: '未逾期',
  },
  check: { required: '必填', positive: '至少 1', overShipped: '不能超过可用数量', linesOver: '各行数量之和不能超过涉及数量', decimal: '请输入大于 0 的金额', overDiscount: '扣款高于折扣', pctMax: '不能超过 100%', fix: '请修改标出的项目。' },
};

const en = {
  title: 'After-sales',
  status: { open: 'Open', investigating: 'Investigating', resolution_agreed: 'Resolution agreed', closed: 'Closed' },
  capaStatus: { open: 'Open', done: 'To verify', verified: 'Verified' },
  resStatus: { open: 'Open', done: 'Done', cancelled: 'Cancelled' },
  channel: { email: 'Email', phone: 'Phone', chat: 'Chat', visit: 'Visit', other: 'Other' },
  severity: { minor: 'Minor', major: 'Major', critical: 'Critical' },
  request: { replace: 'Replace', repair: 'Repair', discount: 'Discount', return: 'Return', information: 'Information only' },
  kind: { concession: 'Concession', rework: 'Rework', reproduction: 'Re-production', discount: 'Discount', return: 'Return' },
  kindSub: { concession: 'The customer accepts the goods as they are', rework: 'The factory reworks, re-inspects and re-delivers', reproduction: 'A replacement order for the quantity', discount: 'A discount to the customer, maybe charged back to the factory', return: 'The customer returns the goods; decide what follows' },
  bearer: { factory: 'Factory', buyer: 'Us', shared: 'Shared' },
  cause: { man: 'People', machine: 'Machine', material: 'Material', method: 'Method', measurement: 'Measurement', environment: 'Environment', design: 'Design' },
  days: '{n} days | {n} day | {n} days',
  pcs: '{n} pcs',
  section: {
    title: 'After-sales', complaints: 'Customer complaints of this order', none: 'No customer complaint about this order.', record: 'Record a complaint', notShipped: 'A complaint can be recorded once the order has shipped.',
    loadFailed: 'After-sales could not be loaded: {error}', finance: 'Invoice and payments', close: 'Close the order', closeTitle: 'Close this order?',
    closeText: 'A closed order does not change any more. It closes when every complaint is closed and the invoice is paid in full.', closed: 'Order closed', open: 'Open', capas: 'Corrective actions of this order',
  },
  form: {
    title: 'Record a customer complaint', submit: 'Record complaint', saved: 'Complaint recorded',
    received_date: 'Received on', channel: 'Channel', description: 'What is wrong', delivery_id: 'Which delivery (optional)', anyDelivery: 'Not one in particular',
    affected_qty: 'Quantity affected', affectedHint: 'At most {n} pcs (shipped)', severity: 'Severity', customer_request: 'The customer asks for', customer_contact: 'Customer contact (only we see it)',
    lines: 'Colour × size (optional)', addLine: 'Add a line', removeLine: 'Remove this line', colour: 'Colour', size: 'Size', quantity: 'Quantity',
    photos: 'Photos', addPhoto: 'Add photos', removePhoto: 'Remove photo {n}', uploading: 'Uploading photos {n}%', photoFailed: 'A photo could not be uploaded: {error}',
  },
  list: {
    title: 'Customer complaints', filters: 'Filters', status: 'Status', all: 'All', order: 'Order (ID)', supplier: 'Factory (ID)', clear: 'Clear filters',
    empty: 'No customer complaints.', noMatch: 'No complaint matches.', loadFailed: 'Complaints could not be loaded: {error}',
    col: { id: 'No.', order: 'Order', supplier: 'Factory', received: 'Received', age: 'Age', severity: 'Severity', qty: 'Quantity', status: 'Status' },
  },
  detail: {
    title: 'Complaint #{id}', loadFailed: 'The complaint could not be loaded: {error}', facts: 'The complaint', answer: "The factory's answer", noAnswer: 'The factory has not answered yet.',
    contact: 'Customer contact', request: 'The customer asks for', affected: 'Quantity affected', delivery: 'Delivery', received: 'Received on', lines: 'Colour × size', photos: 'Photos',
    investigate: 'Start investigating', agree: 'The customer agreed', close: 'Close the complaint', done: 'Updated', order: 'Order {po}',
  },
  capa: {
    title: 'Corrective and preventive action (CAPA)', none: 'No corrective action yet.', open: 'Ask the factory to correct', openTitle: 'Ask the factory to correct', problem: 'Problem', due_date: 'Due by', submit: 'Send to the factory',
    opened: 'Sent to the factory', containment: 'Containment', root_cause: 'Root cause', cause_category: 'Cause category', corrective_action: 'Corrective action', preventive_action: 'Preventive action',
    owner: 'Owner', evidence: 'Evidence photos', notYet: 'Not written by the factory yet', verify: 'Verify', reopen: 'Send back', note: 'Note', verifyTitle: 'Verify the corrective action', reopenTitle: 'Send the corrective action back',
    verified: 'Verified', reopened: 'Sent back to the factory', overdue: 'Overdue', related: 'Open corrective actions of this factory on the same style',
  },
  res: {
    title: 'Resolutions', none: 'No resolution yet.', add: 'Add a resolution', wizardTitle: 'Add a resolution', path: 'How to resolve it', submit: 'Save the resolution', saved: 'Resolution saved',
    quantity: 'Quantity', limit: '{shipped} pcs shipped, {resolved} pcs resolved already: at most {left} more', cost_bearer: 'Who bears the cost', note: 'Note', due_date: 'Due by',
    discountMode: 'Discount as', byAmount: 'Amount', byPct: 'Percentage', discount_amount: 'Discount amount', discount_pct: 'Discount %', pctMeans: 'About {amount} (order value {value})',
    chargeback_amount: 'Charge back to the factory (optional)', chargeback_over_discount: 'Allow a chargeback above the discount', chargebackHint: 'The chargeback cannot be above the discount {discount} unless you tick the next box.',
    then_kind: 'Once the return is in', progress: 'Record progress', reinspect: 'Book the re-inspection', redeliver: 'Book the re-delivery', acknowledge: 'Acknowledge the chargeback', complete: 'Complete', cancel: 'Cancel the resolution',
    reworked_qty: 'Quantity reworked', return_shipped_date: 'Return sent on', return_received_date: 'Return received on', reason: 'Why it is cancelled', progressTitle: 'Record progress', cancelTitle: 'Cancel this resolution',
    discount: 'Discount {amount}', chargeback: 'Chargeback {amount}', acked: 'Acknowledged by the factory', reworked: 'Reworked {n}/{of}', replacement: 'Replacement {po}', inspection: 'Re-inspection #{id}', deliveryN: 'Re-delivery #{id}', returnShipped: 'Return sent {date}', returnReceived: 'Return received {date}', then: 'Then: {kind}',
  },
  fin: {
    invoice: 'Invoice', noInvoice: 'No invoice yet.', recordInvoice: 'Record the invoice', editInvoice: 'Change the invoice', number: 'Invoice number', invoice_date: 'Invoice date', amount: 'Amount', currency: 'Currency', due_date: 'Due date',
    payments: 'Payments', noPayments: 'No payment yet.', addPayment: 'Record a payment', paid_date: 'Paid on', reference: 'Reference', paid: 'Paid {amount}', balance: 'Balance {amount}',
    overdue: '{n} days overdue | {n} day overdue | {n} days overdue', saved: 'Saved', invoiceTitle: 'Invoice', paymentTitle: 'Record a payment', loadFailed: 'The invoice and payments could not be loaded: {error}',
  },
  recv: {
    title: 'Receivables', overdueOnly: 'Overdue only', loadFailed: 'Receivables could not be loaded: {error}', empty: 'Nothing to collect.',
    col: { order: 'Order', invoice: 'Invoice', due: 'Due', amount: 'Invoiced', balance: 'Balance', overdue: 'Overdue' }, notOverdue: 'Not overdue',
  },
  check: { required: 'Required', positive: 'At least 1', overShipped: 'Above the quantity left', linesOver: 'The lines add up to more than the quantity affected', decimal: 'Enter an amount above 0', overDiscount: 'Above the discount', pctMax: 'At most 100%', fix: 'Please correct the marked fields.' },
};

export const aftersalesMessages = { 'zh-CN': zhCN, en };

for (const [locale, m] of Object.entries(aftersalesMessages)) i18n.global.mergeLocaleMessage(locale, { as: m });
