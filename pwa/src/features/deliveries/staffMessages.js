// The merchandiser's delivery screens' messages (calendar, list, invoice,
// warehouses), merged under `dstaff.` when their chunk loads (the first
// paint does not carry them; the factory's delivery screens keep theirs in
// messages.js). Both languages have the same keys and placeholders
// (staffMessages.test.js).
import { i18n } from '../../i18n/index.js';

const zhCN = {
  warehouse: '仓库',
  supplier: '工厂',
  status: { requested: '待确认', confirmed: '已确认', shipped: '已出货', received: '已收货', rejected: '已拒绝', cancelled: '已取消' },
  mode: { sea: '海运', air: '空运', rail: '铁路', truck: '陆运', courier: '快递' },
  errors: {
    slot_full: '{date} 已约满。可约的日期：{next_free}。',
    inspection_failed: '尾期检验不合格（#{inspection_id}），{held} 件被扣下，复检合格前不能出货。',
    order_cancelled: '订单已取消，不能再安排出货。',
    order_not_open_for_deliveries: '订单{status}，不能安排出货。',
    delivery_not_confirmed: '这次出货还没有确认。',
    delivery_not_open: '状态为「{status}」的出货不能再更改。',
  },
  fieldErrors: {
    warehouse_closed: '仓库 {date} 不收货（{reason}）。',
    over_tolerance: '超出溢装上限：最多 {max}，已约 {used}，本次 {requested}。',
    unknown_line: '订单里没有 {colour} / {size}。',
    unknown_warehouse: '没有这个仓库。', warehouse_inactive: '这个仓库现在不接受预约。', all_days_closed: '仓库每周至少要有一天收货。',
    before_from: '不能早于 {from}。', range_too_long: '最多 {max} 天。', staff_only: '只有跟单员可以填写。', unchanged: '和现在一样。',
    before_shipped: '早于出货日期 {shipped}。',
    carton_sequence: '箱号应从 {expected} 开始，不能跳号或重叠。',
    packing_mismatch: '{colour} / {size} 装箱 {packed} 件，应为 {expected} 件。',
    gross_below_net: '毛重不能小于净重。',
  },
  actions: {
    confirm: '确认', reschedule: '改期', reject: '拒绝',
    labelled: { confirm: '确认 {po} 的出货', reschedule: '{po} 改期', reject: '拒绝 {po} 的出货' },
    title: { confirm: '确认 {po} 的出货', reschedule: '{po} 改期', reject: '拒绝 {po} 的出货' },
    done: { confirm: '已确认', reschedule: '已改期', reject: '已拒绝' },
    current: '目前：{date}，{warehouse}', newDate: '新日期', reason: '改期原因', rejectReason: '拒绝原因',
    needDate: '请选择新日期。', sameDate: '请选择另一天。', needReason: '请写明原因。', nextFree: '可约的日期：',
  },
  card: {
    quantity: '{n} 件', cartons: '{n} 箱', cbm: '{n} 立方米', history: '改期记录',
    moved: '{from} → {to}：{reason}', rejected: '拒绝原因：{reason}', cancelled: '取消原因：{reason}', override: '验货不合格仍放行：{reason}',
    invoice: '商业发票', invoiceFor: '{po} 的商业发票',
  },
  cal: {
    title: '出货日历', view: '视图', week: '周', month: '月', today: '今天',
    prev: { week: '上一周', month: '上个月' }, next: { week: '下一周', month: '下个月' },
    noCapacity: '暂时无法读取仓库的容量。', legend: '图例',
    state: { open: '有空位', tight: '快满了', full: '已约满', closed: '不收货', past: '已过去', unknown: '未知' },
    weekly: '每周休息日', closed: '不收货：{reason}', closedShort: '休',
    usage: '预约 {used}/{total} · 箱 {cused}/{ctotal}', bookings: '{n} 个预约', sep: '，',
    none: '没有预约', pickDay: '点一天查看当天的预约。', noWarehouses: '还没有仓库。请管理员先添加仓库。',
  },
  list: {
    open: '列表', title: '出货列表', calendar: '日历', filters: '筛选', from: '从', to: '到', all: '全部', status: '状态',
    clear: '清除筛选', noMatch: '没有符合条件的出货。', empty: '还没有出货预约。',
    col: { date: '日期', po: '订单号', supplier: '工厂', warehouse: '仓库', quantity: '数量', cartons: '箱数', status: '状态', actions: '操作' },
  },
  invoice: {
    language: '发票语言', print: '打印 / 存为 PDF', title: '商业发票', number: '发票号', date: '日期', po: '订单号',
    notShipped: '尚未出货：以下为预约数量，出货后以实际出货数量为准。', seller: '卖方', buyer: '买方', destination: '目的地',
    style: '款号', mode: '运输方式', deliverTo: '交货仓库', carrier: '承运人', tracking: '运单 / 提单号', container: '柜号 / 封条号',
    lines: '货物明细', col: { colour: '颜色', size: '尺码', quantity: '数量', price: '单价', amount: '金额' },
    total: '合计', noPrice: '订单没有单价，金额无法计算。', cartons: '箱数', net: '净重', gross: '毛重', cbm: '体积',
    fromPacking: '箱数、重量和体积取自装箱单。', fromBooking: '箱数、重量和体积为预约时填写的数据。', signature: '{name}（签字盖章）',
  },
  wh: {
    title: '仓库', new: '新建仓库', empty: '还没有仓库。', inactive: '已停用', edit: '编辑', editNamed: '编辑 {name}', editTitle: '编辑 {name}',
    capacityLine: '每天 {bookings} 个预约，{cartons} 箱', cbmLine: '{cbm} 立方米', closedOn: '每周休息：{days}', openAllWeek: '每天收货',
    code: '代码', name: '名称', address: '地址', timeZone: '时区', bookings: '每天预约数', cartons: '每天箱数', cbm: '每天立方米（可选）',
    weekly: '每周休息日', closures: '停收日期', noClosures: '没有停收日期。', from: '从', to: '到', reason: '原因', reasonExample: '如 春节',
    removeClosure: '删除第 {n} 段停收日期', addClosure: '添加停收日期', active: '接受预约',
    wholeNumber: '请输入大于 0 的整数。', positive: '请输入大于 0 的数。', closureDates: '请填写开始和结束日期。', closureOrder: '结束日期不能早于开始日期。',
    fix: '请改正标出的内容。',
  },
};

const en = {
  warehouse: 'Warehouse',
  supplier: 'Factory',
  status: { requested: 'Requested', confirmed: 'Confirmed', shipped: 'Shipped', received: 'Received', rejected: 'Rejected', cancelled: 'Cancelled' },
  mode: { sea: 'Sea', air: 'Air', rail: 'Rail', truck: 'Truck', courier: 'Courier' },
  errors: {
    slot_full: '{date} is fully booked. Free days: {next_free}.',
    inspection_failed: 'The final inspection failed (#{inspection_id}): {held} pieces are held back until a re-inspection passes.',
    order_cancelled: 'The order is cancelled: no more deliveries.',
    order_not_open_for_deliveries: 'The order is {status}: it takes no deliveries.',
    delivery_not_confirmed: 'This delivery is not confirmed yet.',
    delivery_not_open: 'A delivery in status “{status}” cannot change.',
  },
  fieldErrors: {
    warehouse_closed: 'The warehouse is closed on {date} ({reason}).',
    over_tolerance: 'Over the tolerance: at most {max}, {used} booked, {requested} requested.',
    unknown_line: 'The order has no line {colour} / {size}.',
    unknown_warehouse: 'There is no such warehouse.', warehouse_inactive: 'This warehouse takes no bookings now.', all_days_closed: 'A warehouse must be open on at least one day a week.',
    before_from: 'Must be on or after {from}.', range_too_long: 'At most {max} days.', staff_only: 'Only staff may set this.', unchanged: 'That is what it is now.',
    before_shipped: 'Before the shipment date {shipped}.',
    carton_sequence: 'Cartons must go on from {expected}, with no gap or overlap.',
    packing_mismatch: '{colour} / {size}: {packed} packed, {expected} expected.',
    gross_below_net: 'The gross weight cannot be below the net weight.',
  },
  actions: {
    confirm: 'Confirm', reschedule: 'Reschedule', reject: 'Reject',
    labelled: { confirm: 'Confirm the delivery of {po}', reschedule: 'Reschedule {po}', reject: 'Reject the delivery of {po}' },
    title: { confirm: 'Confirm the delivery of {po}', reschedule: 'Reschedule {po}', reject: 'Reject the delivery of {po}' },
    done: { confirm: 'Confirmed', reschedule: 'Rescheduled', reject: 'Rejected' },
    current: 'Now: {date}, {warehouse}', newDate: 'New date', reason: 'Why the new date', rejectReason: 'Why it is rejected',
    needDate: 'Choose the new date.', sameDate: 'Choose another day.', needReason: 'Give the reason.', nextFree: 'Free days:',
  },
  card: {
    quantity: '{n} pcs', cartons: '{n} cartons', cbm: '{n} m³', history: 'Date changes',
    moved: '{from} → {to}: {reason}', rejected: 'Rejected: {reason}', cancelled: 'Cancelled: {reason}', override: 'Booked despite the failed inspection: {reason}',
    invoice: 'Commercial invoice', invoiceFor: 'Commercial invoice of {po}',
  },
  cal: {
    title: 'Delivery calendar', view: 'View', week: 'Week', month: 'Month', today: 'Today',
    prev: { week: 'Previous week', month: 'Previous month' }, next: { week: 'Next week', month: 'Next month' },
    noCapacity: 'The warehouse capacity could not be read just now.', legend: 'Legend',
    state: { open: 'Free', tight: 'Nearly full', full: 'Full', closed: 'Closed', past: 'Past', unknown: 'Unknown' },
    weekly: 'weekly day off', closed: 'Closed: {reason}', closedShort: 'Closed',
    usage: 'Bookings {used}/{total} · cartons {cused}/{ctotal}', bookings: '{n} booking | {n} bookings', sep: ', ',
    none: 'No bookings', pickDay: 'Pick a day to see its bookings.', noWarehouses: 'No warehouses yet. An administrator adds them first.',
  },
  list: {
    open: 'List', title: 'Deliveries', calendar: 'Calendar', filters: 'Filters', from: 'From', to: 'To', all: 'All', status: 'Status',
    clear: 'Clear filters', noMatch: 'No delivery matches these filters.', empty: 'No deliveries booked yet.',
    col: { date: 'Date', po: 'PO', supplier: 'Factory', warehouse: 'Warehouse', quantity: 'Quantity', cartons: 'Cartons', status: 'Status', actions: 'Actions' },
  },
  invoice: {
    language: 'Invoice language', print: 'Print / save as PDF', title: 'Commercial invoice', number: 'Invoice no.', date: 'Date', po: 'PO',
    notShipped: 'Not shipped yet: these are the booked quantities; once shipped, the shipped ones count.', seller: 'Seller', buyer: 'Buyer', destination: 'Destination',
    style: 'Style', mode: 'Transport', deliverTo: 'Deliver to', carrier: 'Carrier', tracking: 'Tracking / B/L no.', container: 'Container / seal no.',
    lines: 'Goods', col: { colour: 'Colour', size: 'Size', quantity: 'Quantity', price: 'Unit price', amount: 'Amount' },
    total: 'Total', noPrice: 'The order has no unit price: no amounts.', cartons: 'Cartons', net: 'Net weight', gross: 'Gross weight', cbm: 'Volume',
    fromPacking: 'Cartons, weights and volume from the packing list.', fromBooking: 'Cartons, weights and volume as booked.', signature: '{name} (signature and stamp)',
  },
  wh: {
    title: 'Warehouses', new: 'New warehouse', empty: 'No warehouses yet.', inactive: 'Inactive', edit: 'Edit', editNamed: 'Edit {name}', editTitle: 'Edit {name}',
    capacityLine: '{bookings} bookings and {cartons} cartons a day', cbmLine: '{cbm} m³', closedOn: 'Closed every {days}', openAllWeek: 'Receives every day',
    code: 'Code', name: 'Name', address: 'Address', timeZone: 'Time zone', bookings: 'Bookings a day', cartons: 'Cartons a day', cbm: 'm³ a day (optional)',
    weekly: 'Weekly days off', closures: 'Closures', noClosures: 'No closures.', from: 'From', to: 'To', reason: 'Reason', reasonExample: 'e.g. Spring Festival',
    removeClosure: 'Remove closure {n}', addClosure: 'Add a closure', active: 'Takes bookings',
    wholeNumber: 'Enter a whole number above 0.', positive: 'Enter a number above 0.', closureDates: 'Enter the first and the last day.', closureOrder: 'The last day cannot be before the first.',
    fix: 'Correct the marked fields.',
  },
};

export const deliveryStaffMessages = { 'zh-CN': zhCN, en };

for (const [locale, m] of Object.entries(deliveryStaffMessages)) i18n.global.mergeLocaleMessage(locale, { dstaff: m });
