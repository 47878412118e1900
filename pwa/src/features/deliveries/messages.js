// The delivery screens' messages, merged under `deliv.` when their chunk
// loads (the first paint does not carry them). Both languages have the
// same keys and placeholders (messages.test.js).
import { i18n } from '../../i18n/index.js';

const zhCN = {
  title: '出货',
  status: { requested: '待确认', confirmed: '已确认', shipped: '已出货', received: '已收货', rejected: '已拒绝', cancelled: '已取消' },
  mode: { sea: '海运', air: '空运', rail: '铁路', truck: '卡车', courier: '快递' },
  errors: {
    validation_failed: '有内容不对，请检查后再提交。',
    order_cancelled: '该订单已取消，不能再预约或出货。',
    import_failed: '文件里有问题（见下面各行），装箱单没有导入，原来的装箱单不变。',
    unsupported_media_type: '请上传 Excel 文件（.xlsx），比如从这里导出的那个。',
  },
  summary: {
    title: '出货汇总', ordered: '订单', booked: '已预约', shipped: '已出货', received: '已收货', balance: '未出货',
    perLine: '按颜色/尺码查看', line: '颜色 / 尺码', held: '{n} 件因尾期验货不合格暂不能出货，需复检合格。',
  },
  section: {
    loadFailed: '出货记录加载失败。', empty: '还没有出货预约。', book: '预约出货', pending: '等待发送', refused: '未被接受',
    slotFull: '{date} 这天仓库已约满，预约没有成功。', discard: '放弃这条预约',
  },
  row: {
    quantity: '{n} 件', cartons: '{n} 箱', cargoReady: '货好日期 {date}', history: '改期记录',
    moved: '{from} → {to}：{reason}（{name}）', rejected: '拒绝原因：{reason}', cancelled: '取消原因：{reason}',
    override: '验货不合格，已特批出货：{reason}', shipped: '{date} 已出货 {n} 件', tracking: '提单/运单号 {no}',
    container: '柜号 {no}，封条 {seal}', received: '{date} 仓库收到 {n} 件', discrepancy: '{line}：出货 {shipped}，收到 {received}（{difference}）',
    packingOff: '装箱单有 {n} 个颜色/尺码与数量不符。', printPacking: '装箱单（{n} 箱，可打印）',
  },
  act: {
    confirm: '确认', reschedule: '改期', reject: '拒绝', cancel: '取消预约', pack: '装箱单', ship: '出货', receive: '收货', other: '修改',
  },
  dlg: {
    confirmTitle: '确认这次出货预约', rescheduleTitle: '改到另一天', rejectTitle: '拒绝这次预约', cancelTitle: '取消这次预约',
    receiveTitle: '登记收货', date: '新的日期', reason: '原因', newDate: '请选一个新的日期。', receivedOn: '收货日期',
    receivedQty: '{line}（出货 {n}）', receiveNumbers: '请填写收货日期和每个颜色/尺码的整数数量。', done: '已保存',
    cancelLabel: '取消出货预约 · {date}',
  },
  day: {
    free: '{date}：还可预约 {bookings} 单、{cartons} 箱', freeBookings: '{date}：还可预约 {bookings} 单',
    full: '{date}：已约满', small: '{date}：只剩 {cartons} 箱，放不下这次的箱数', closed: '{date}：仓库休息',
    closure: '{date}：仓库不收货（{reason}）', past: '{date}：已过', closedShort: '休', fullShort: '满',
    leftBookings: '余{n}单', leftCartons: '{n}箱',
  },
  book: {
    title: '预约出货', submit: '提交预约', warehouse: '送货仓库', pickWarehouse: '请选择仓库', noWarehouses: '还没有可预约的仓库，请联系跟单。',
    date: '送货日期', noCalendar: '现在读不到仓库的日历（离线？）。可以直接填日期，联网后由服务器确认是否有位置。',
    legend: '灰色的日子不能预约：已过、仓库休息或已约满。', picked: '已选：{date}',
    lines: '每个颜色/尺码的数量', bookable: '这张订单还可预约 {n} 件（含溢装）。', lineLeft: '还剩 {n}', total: '合计 {n} 件',
    cartons: '箱数', cbm: '体积 CBM（可选）', gross: '毛重 kg（可选）', net: '净重 kg（可选）', mode: '运输方式',
    cargoReady: '货好日期（可选）', note: '备注', notePlaceholder: '联系人、车牌等（可选）',
    label: '出货预约 · {date} · {warehouse}', sent: '已提交预约',
    slotFull: '{date} 已经约满，这次预约没有成功。', nextFree: '最近还有位置的日子（点一下就改约）：', noneFree: '最近四周都没有空位，请联系跟单。',
    rebookOn: '改约 {date}', override: '尾期验货不合格仍要预约：请写明原因（跟单特批）',
    errors: {
      warehouse: '请选择仓库。', date: '请选择送货日期。', lines: '至少一个颜色/尺码要填数量。', whole: '数量请填整数。',
      cartons: '请填写箱数（整数）。', number: '请填写数字。', grossBelowNet: '毛重不能小于净重。', overrideReason: '请写明特批原因。',
    },
  },
  ship: {
    title: '出货', packTitle: '装箱单', submit: '确认出货', packSubmit: '保存装箱单', date: '实际出货日期', carrier: '承运人 / 货代',
    tracking: '提单号 / 运单号', container: '柜号', seal: '封条号', label: '出货 · {date}', packLabel: '装箱单 · {date}',
    sent: '已出货', packSent: '装箱单已保存',
    errors: { date: '请填写出货日期。', packing: '请填写装箱单。', fix: '装箱单有问题，请看标红的地方。' },
  },
  pack: {
    title: '装箱单', empty: '还没有装箱记录。', cartonsFrom: '箱号 {from} 至', to: '最后一个箱号', nCartons: '共 {n} 箱',
    removeRange: '删除第 {from}–{to} 箱', line: '颜色 / 尺码', pickLine: '选择颜色/尺码', pieces: '每箱件数',
    net: '每箱净重 kg', gross: '每箱毛重 kg', length_cm: '长 cm', width_cm: '宽 cm', height_cm: '高 cm',
    rangeTotals: '每箱 {cbm} m³ · 小计 {pieces} 件、{totalCbm} m³、毛重 {gross} kg',
    same: '同上一组', add: '新加一组', totals: '合计 {cartons} 箱 · {pieces} 件 · 净重 {net} kg · 毛重 {gross} kg · {cbm} m³',
    byLine: '按颜色/尺码合计', packed: '已装', expected: '应装', check: '核对', matches: '数量相符',
    over: '多 {n}', short: '少 {n}', import: '从 Excel 导入', export: '导出 Excel', onlineOnly: '导入和导出需要联网。',
    rowError: '第 {row} 行（{field}）：{text}',
  },
  print: {
    title: '装箱单', print: '打印 / 存为 PDF', po: '订单号', style: '款号', supplier: '工厂', warehouse: '送货仓库', date: '出货日期',
    status: '状态', cartonNos: '箱号', colour: '颜色', size: '尺码', cartons: '箱数', perCarton: '每箱件数', pieces: '件数',
    netEach: '每箱净重 kg', grossEach: '每箱毛重 kg', net: '净重 kg', gross: '毛重 kg', size_cm: '外箱尺寸 cm', cbm: '体积 m³',
    cbmEach: '每箱 {cbm} m³', total: '合计', byLine: '按颜色/尺码合计', signature: '工厂签章：', printed: '打印于 {time}',
  },
};

const en = {
  title: 'Deliveries',
  status: { requested: 'Requested', confirmed: 'Confirmed', shipped: 'Shipped', received: 'Received', rejected: 'Rejected', cancelled: 'Cancelled' },
  mode: { sea: 'Sea', air: 'Air', rail: 'Rail', truck: 'Truck', courier: 'Courier' },
  errors: {
    validation_failed: 'Something is not right; check and submit again.',
    order_cancelled: 'This order was cancelled; it takes no more deliveries.',
    import_failed: 'The file has problems (listed below by row); the packing list was not imported and stays as it was.',
    unsupported_media_type: 'Upload an Excel workbook (.xlsx), such as the one exported here.',
  },
  summary: {
    title: 'Shipment summary', ordered: 'Ordered', booked: 'Booked', shipped: 'Shipped', received: 'Received', balance: 'Balance',
    perLine: 'By colour / size', line: 'Colour / size', held: '{n} pieces are held back by a failed final inspection until a re-inspection passes.',
  },
  section: {
    loadFailed: 'Could not load the deliveries.', empty: 'No deliveries booked yet.', book: 'Book delivery', pending: 'Waiting to send', refused: 'Not accepted',
    slotFull: 'The warehouse is fully booked on {date}: the booking did not go through.', discard: 'Drop this booking',
  },
  row: {
    quantity: '{n} pcs', cartons: '{n} cartons', cargoReady: 'cargo ready {date}', history: 'Date changes',
    moved: '{from} → {to}: {reason} ({name})', rejected: 'Rejected: {reason}', cancelled: 'Cancelled: {reason}',
    override: 'Failed inspection, shipping allowed: {reason}', shipped: 'Shipped {date}: {n} pcs', tracking: 'B/L / tracking {no}',
    container: 'container {no}, seal {seal}', received: 'Received {date}: {n} pcs', discrepancy: '{line}: shipped {shipped}, received {received} ({difference})',
    packingOff: 'The packing list does not match on {n} colour/size lines.', printPacking: 'Packing list ({n} cartons, printable)',
  },
  act: {
    confirm: 'Confirm', reschedule: 'Reschedule', reject: 'Reject', cancel: 'Cancel booking', pack: 'Packing list', ship: 'Ship', receive: 'Receive', other: 'Change',
  },
  dlg: {
    confirmTitle: 'Confirm this delivery booking', rescheduleTitle: 'Move to another day', rejectTitle: 'Reject this booking', cancelTitle: 'Cancel this booking',
    receiveTitle: 'Record the receipt', date: 'New date', reason: 'Reason', newDate: 'Choose a new date.', receivedOn: 'Received on',
    receivedQty: '{line} (shipped {n})', receiveNumbers: 'Enter the date and a whole number for every colour/size.', done: 'Saved',
    cancelLabel: 'Cancel delivery booking · {date}',
  },
  day: {
    free: '{date}: {bookings} bookings and {cartons} cartons left', freeBookings: '{date}: {bookings} bookings left',
    full: '{date}: fully booked', small: '{date}: only {cartons} cartons left, not enough for this booking', closed: '{date}: warehouse closed',
    closure: '{date}: warehouse closed ({reason})', past: '{date}: past', closedShort: 'shut', fullShort: 'full',
    leftBookings: '{n} left', leftCartons: '{n} ctn',
  },
  book: {
    title: 'Book delivery', submit: 'Send booking', warehouse: 'Warehouse', pickWarehouse: 'Choose a warehouse', noWarehouses: 'No warehouse takes bookings yet; ask your merchandiser.',
    date: 'Delivery date', noCalendar: 'The warehouse calendar cannot be read now (offline?). Enter the date; the server checks for room once it is sent.',
    legend: 'Grey days cannot be booked: past, warehouse closed or fully booked.', picked: 'Chosen: {date}',
    lines: 'Quantity per colour / size', bookable: 'This order can still take {n} pcs (tolerance included).', lineLeft: '{n} left', total: 'Total {n} pcs',
    cartons: 'Cartons', cbm: 'CBM (optional)', gross: 'Gross kg (optional)', net: 'Net kg (optional)', mode: 'Transport',
    cargoReady: 'Cargo ready (optional)', note: 'Note', notePlaceholder: 'Contact person, truck plate… (optional)',
    label: 'Delivery booking · {date} · {warehouse}', sent: 'Booking sent',
    slotFull: '{date} is fully booked: the booking did not go through.', nextFree: 'The next days with room (tap one to book it instead):', noneFree: 'No room in the next four weeks; ask your merchandiser.',
    rebookOn: 'Book {date}', override: 'Book despite the failed final inspection: the reason (staff override)',
    errors: {
      warehouse: 'Choose a warehouse.', date: 'Choose the delivery date.', lines: 'Enter a quantity on at least one colour/size.', whole: 'Quantities are whole numbers.',
      cartons: 'Enter the number of cartons (a whole number).', number: 'Enter a number.', grossBelowNet: 'Gross weight cannot be below net weight.', overrideReason: 'Give the reason for the override.',
    },
  },
  ship: {
    title: 'Ship', packTitle: 'Packing list', submit: 'Confirm shipment', packSubmit: 'Save packing list', date: 'Actual ship date', carrier: 'Carrier / forwarder',
    tracking: 'B/L / tracking no.', container: 'Container no.', seal: 'Seal no.', label: 'Shipment · {date}', packLabel: 'Packing list · {date}',
    sent: 'Shipped', packSent: 'Packing list saved',
    errors: { date: 'Enter the ship date.', packing: 'Fill in the packing list.', fix: 'The packing list has problems: see the marked ranges.' },
  },
  pack: {
    title: 'Packing list', empty: 'Nothing packed yet.', cartonsFrom: 'Cartons {from} to', to: 'Last carton number', nCartons: '{n} cartons',
    removeRange: 'Remove cartons {from}–{to}', line: 'Colour / size', pickLine: 'Choose colour / size', pieces: 'Pieces per carton',
    net: 'Net kg / carton', gross: 'Gross kg / carton', length_cm: 'Length cm', width_cm: 'Width cm', height_cm: 'Height cm',
    rangeTotals: '{cbm} m³ per carton · {pieces} pcs, {totalCbm} m³, gross {gross} kg in all',
    same: 'Same as previous', add: 'Add a range', totals: 'Total {cartons} cartons · {pieces} pcs · net {net} kg · gross {gross} kg · {cbm} m³',
    byLine: 'Totals per colour / size', packed: 'Packed', expected: 'Expected', check: 'Check', matches: 'Matches',
    over: '{n} over', short: '{n} short', import: 'Import from Excel', export: 'Export to Excel', onlineOnly: 'Import and export need a connection.',
    rowError: 'Row {row} ({field}): {text}',
  },
  print: {
    title: 'Packing list', print: 'Print / save as PDF', po: 'PO', style: 'Style', supplier: 'Supplier', warehouse: 'Warehouse', date: 'Ship date',
    status: 'Status', cartonNos: 'Carton nos.', colour: 'Colour', size: 'Size', cartons: 'Cartons', perCarton: 'Pcs / carton', pieces: 'Pieces',
    netEach: 'N.W. / ctn kg', grossEach: 'G.W. / ctn kg', net: 'N.W. kg', gross: 'G.W. kg', size_cm: 'Carton size cm', cbm: 'CBM m³',
    cbmEach: '{cbm} m³ per carton', total: 'Total', byLine: 'Totals per colour / size', signature: 'Supplier signature and stamp:', printed: 'Printed {time}',
  },
};

export const delivMessages = { 'zh-CN': zhCN, en };

for (const [locale, m] of Object.entries(delivMessages)) i18n.global.mergeLocaleMessage(locale, { deliv: m });
