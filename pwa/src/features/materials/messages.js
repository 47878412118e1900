// The staff material screens' messages (物料跟单, issue 17), merged under
// `mat.` when their chunk loads (the first paint does not carry them). Both
// languages have the same keys and placeholders (messages.test.js).
import { i18n } from '../../i18n/index.js';

const zhCN = {
  title: '物料',
  category: { fabric: '面料', lining: '里料', trim: '辅料', packaging: '包装', other: '其他' },
  sourced: { factory: '工厂采购', buyer: '客供', nominated: '指定供应商' },
  lineStatus: { ready: '齐料', inspecting: '检验中', ordered: '已下单', short: '缺料', failed: '检验不合格', late: '会迟到', none: '未知' },
  readiness: {
    none: '还没有物料需求', ready: '物料齐了，可以开裁', pending: '物料还在路上', blocked: '物料卡住了开裁',
    count: '{ready}/{total} 项齐料', blocking: '卡住开裁的物料', blockingItem: '{name}：{status}',
  },
  sourcing: { fob: '包工包料', cmt: '来料加工' },
  board: {
    loadFailed: '物料加载失败：{error}', empty: '还没有物料需求。可以逐项添加，或导入 BOM 表。',
    add: '添加物料', import: '导入 BOM', copy: '从同款订单复制', createPO: '为选中的 {n} 项下采购单', pos: '本单的采购单',
    select: '选择 {name}', selectHint: '勾选客供或指定供应商的物料，一起下采购单（工厂采购的由工厂自己下单）。',
    edit: '修改', editItem: '修改 {name}', delete: '删除', deleteItem: '删除 {name}', deleteTitle: '删除这项物料？', deleteText: '{name} 将从物料需求单中删除。',
    deleted: '已删除', legend: '颜色：绿色齐料，黄色已下单或检验中，红色缺料、不合格或会迟到。',
    col: { pick: '选择', status: '状态', item: '物料', needed: '需求', ordered: '已订', received: '已收', passed: '合格', short: '欠数', neededBy: '需求日期', sourced: '采购方', actions: '操作' },
    previous: '改单前 {qty}', auto: '按裁剪日期自动', eta: '预计到货 {date}', forColour: '{colour} 色用', allColours: '所有颜色',
    consumption: '单耗 {c} {unit} · 损耗 {w}%',
  },
  line: {
    addTitle: '添加物料', editTitle: '修改物料', submit: '保存', saved: '已保存',
    category: '类别', name: '名称', spec: '规格型号', colour: '成衣颜色（空 = 所有颜色）', material_colour: '物料颜色', unit: '单位',
    consumption: '单耗（每件）', wastage_pct: '损耗 %', needed_by: '需求日期', neededByHint: '不填则按裁剪计划日期前 3 天自动计算。',
    sourced_by: '采购方', nominated_supplier_id: '指定供应商', pickSupplier: '请选择供应商', note: '备注', allColours: '所有颜色',
  },
  check: {
    required: '必填。', consumption: '请填写大于 0 的数字，最多 4 位小数。', wastage: '请填写不小于 0 的数字，最多 2 位小数。',
    quantity: '请填写大于 0 的数量，最多 2 位小数。', price: '单价请填写数字。', beforeOrdered: '承诺日期不能早于下单日期。',
    email: '邮箱格式不对。', reason: '请选择原因。', fix: '请先改正标红的地方。',
  },
  import: {
    title: '导入 BOM（物料需求单）', intro: 'Excel 文件（.xlsx），中文或英文表头都可以。全部行都对才导入；导入的物料加在现有物料后面。',
    template: '下载模板', file: '选择文件', submit: '导入', uploading: '上传中 {pct}%', done: '已导入 {n} 项物料',
    failed: '文件里有 {n} 处问题，什么都没有导入。', row: '行', column: '列', problem: '问题', online: '导入需要联网。',
  },
  copy: {
    title: '从同款订单复制物料', intro: '从款号 {style} 的另一张订单复制物料，需求数量和日期按本单重新计算。', none: '没有同款的其他订单。',
    pick: '选择订单', submit: '复制', done: '已复制 {n} 项物料', order: '{po} · {customer}',
  },
  po: {
    title: '采购单', createTitle: '下采购单', submit: '创建采购单', created: '已创建采购单 {po}',
    supplier: '物料供应商', pickSupplier: '请选择物料供应商', sourced_by: '管理方', currency: '币种', ordered_date: '下单日期',
    promised_date: '承诺出货日期', eta: '预计到货日期', deliver_to: '送货地址 / 仓库', note: '备注', lines: '物料',
    quantity: '{name} 数量（{unit}）', unit_price: '{name} 单价（可选）',
    pickLines: '请先勾选物料。', factoryLines: '工厂采购的物料由工厂自己下采购单。', mixedSides: '客供和指定供应商的物料请分开下单。',
    mixedSuppliers: '选中的物料指定了不同的供应商，请分开下单。',
  },
  status: { draft: '草稿', sent: '已发出', confirmed: '已确认', shipped: '已发货', partially_received: '部分到货', received: '已到货', cancelled: '已取消' },
  reason: {
    supplier_capacity: '供应商产能', supplier_technology: '供应商技术', supplier_quality: '供应商质量',
    our_specification: '我方规格变更', our_price: '我方价格', our_follow_up: '我方跟进不及时', communication: '沟通问题',
  },
  reasonGroup: { supplier: '供应商原因', ours: '我方原因', communication: '沟通' },
  handling: { accepted: '接收', returned: '退货', replacement_ordered: '已要求补货' },
  field: { promised_date: '承诺出货日期', eta: '预计到货日期' },
  list: {
    title: '物料采购单', filters: '筛选', due: '到期', dueAll: '全部', overdue: '已逾期', soon: '24 小时内到期', status: '状态', sourced: '管理方',
    order: '订单号 ID', all: '全部', clear: '清除筛选', empty: '还没有物料采购单。', noMatch: '没有符合条件的采购单。', loadFailed: '采购单加载失败：{error}',
    col: { po: '采购单号', order: '订单', supplier: '物料供应商', sourced: '管理方', status: '状态', promised: '承诺出货', eta: '预计到货', lines: '物料' },
    linesCount: '{n} 项',
  },
  detail: {
    back: '采购单列表', loadFailed: '采购单加载失败：{error}', facts: '概况', order: '订单', supplier: '物料供应商', baseline: '首次承诺 {date}',
    shipped: '{date} 发货', carrier: '承运人 {carrier}', tracking: '运单号 {no}', deliverTo: '送到 {place}', cancelled: '取消原因：{reason}',
    lines: '物料', col: { item: '物料', quantity: '数量', price: '单价', received: '已收', accepted: '合格', balance: '差数' },
    short: '少 {qty}', over: '多 {qty}', even: '数量相符', noPrice: '—',
    history: '改期记录', noHistory: '没有改过日期。', change: '{field}：{from} → {to}（{reason}）',
    receipts: '到货记录', noReceipts: '还没有到货。', receipt: '{date} 收到 {item} {qty}，{warehouse} {location}', 
    inspections: '检验', noInspections: '还没有检验。', inspection: '{date} {item}：{result}', resolve: '处理',
    result: { pass: '合格', fail: '不合格', conditional: '有条件接收' }, resolution: { replacement: '补货', concession: '特采接收' },
    points: '{points} 分 / 100 平方码（上限 {threshold}）',
  },
  act: {
    send: '发给供应商', confirm: '确认日期', reschedule: '改期', ship: '登记发货', receive: '登记到货', cancel: '取消采购单',
    done: '已保存', sendTitle: '把采购单发给供应商？', sendText: '发出后不能再修改采购单内容。',
    field: '改哪个日期', date: '新日期', reason_code: '原因', note: '说明（可选）', shipped_date: '发货日期', carrier: '承运人', tracking: '运单号',
    reason: '取消原因', po_line_id: '物料', received_date: '到货日期', quantity: '数量', warehouse: '仓库', location: '库位', handling: '处理',
    resolveTitle: '处理不合格的检验', resolution: '处理方式', resolveNote: '说明',
  },
  suppliers: {
    title: '物料供应商', add: '新增供应商', empty: '还没有物料供应商。', loadFailed: '物料供应商加载失败：{error}', inactive: '已停用',
    editTitle: '修改物料供应商', addTitle: '新增物料供应商', submit: '保存', saved: '已保存', scorecard: '五适评分', editItem: '修改 {name}',
    code: '代码', name: '名称', name_en: '英文名称', contact_name: '联系人', contact_phone: '电话', contact_email: '邮箱', address: '地址', active: '启用',
  },
  score: {
    title: '物料供应商评分（五适）', from: '从', to: '到', loadFailed: '评分加载失败：{error}', empty: '这段时间没有数据。', back: '物料供应商',
    pos: '{n} 张采购单',
    figure: {
      shipped: '已发货', on_baseline: '按首次承诺', on_promise: '按最新承诺', on_baseline_pct: '按首次承诺 %', on_promise_pct: '按最新承诺 %',
      inspected: '检验', first_passed: '首检合格', pass_pct: '合格率 %', receipts: '到货', right_place: '送对地点', pct: '比例 %',
      lines: '采购行', short: '少交', over: '多交', short_pct: '少交 %', over_pct: '多交 %', compared: '可比较的', variance_pct: '单价变化 %',
    },
    right: { on_time: '适时', quality: '适质', place: '适地', quantity: '适量', price: '适价' },
    rightSub: { on_time: '按首次承诺日期及之前发货', quality: '首检合格率', place: '送到采购单指定的地点', quantity: '少交、多交的比例', price: '与同物料上一张采购单的单价比' },
  },
};

const en = {
  title: 'Materials',
  category: { fabric: 'Fabric', lining: 'Lining', trim: 'Trims', packaging: 'Packaging', other: 'Other' },
  sourced: { factory: 'Factory buys', buyer: 'Buyer supplies', nominated: 'Nominated supplier' },
  lineStatus: { ready: 'Ready', inspecting: 'Inspecting', ordered: 'Ordered', short: 'Short', failed: 'Failed inspection', late: 'Late', none: 'Unknown' },
  readiness: {
    none: 'No materials listed yet', ready: 'Materials ready: cutting can start', pending: 'Materials on the way', blocked: 'Materials block cutting',
    count: '{ready}/{total} ready', blocking: 'What blocks cutting', blockingItem: '{name}: {status}',
  },
  sourcing: { fob: 'FOB (factory buys)', cmt: 'CMT (buyer supplies)' },
  board: {
    loadFailed: 'Could not load the materials: {error}', empty: 'No materials yet. Add them one by one or import a BOM.',
    add: 'Add material', import: 'Import BOM', copy: 'Copy from an order of this style', createPO: 'Create a PO for the {n} selected', pos: "This order's POs",
    select: 'Select {name}', selectHint: 'Tick buyer-supplied or nominated materials to put them on one PO (the factory orders its own).',
    edit: 'Edit', editItem: 'Edit {name}', delete: 'Delete', deleteItem: 'Delete {name}', deleteTitle: 'Delete this material?', deleteText: '{name} will be removed from the requirements.',
    deleted: 'Deleted', legend: 'Green ready; amber ordered or inspecting; red short, failed or late.',
    col: { pick: 'Select', status: 'Status', item: 'Material', needed: 'Needed', ordered: 'Ordered', received: 'Received', passed: 'Passed', short: 'Short', neededBy: 'Needed by', sourced: 'Sourced by', actions: 'Actions' },
    previous: 'Before revision {qty}', auto: 'From the cutting date', eta: 'ETA {date}', forColour: 'For {colour}', allColours: 'All colours',
    consumption: 'Consumption {c} {unit} · wastage {w}%',
  },
  line: {
    addTitle: 'Add material', editTitle: 'Edit material', submit: 'Save', saved: 'Saved',
    category: 'Category', name: 'Name', spec: 'Specification', colour: 'Garment colour (empty = all)', material_colour: 'Material colour', unit: 'Unit',
    consumption: 'Consumption per piece', wastage_pct: 'Wastage %', needed_by: 'Needed by', neededByHint: 'Leave empty for 3 days before the planned cutting date.',
    sourced_by: 'Sourced by', nominated_supplier_id: 'Nominated supplier', pickSupplier: 'Choose a supplier', note: 'Note', allColours: 'All colours',
  },
  check: {
    required: 'Required.', consumption: 'A number above 0, at most 4 decimals.', wastage: 'A number of 0 or more, at most 2 decimals.',
    quantity: 'A quantity above 0, at most 2 decimals.', price: 'The unit price must be a number.', beforeOrdered: 'The promised date cannot be before the order date.',
    email: 'This is not an e-mail address.', reason: 'Choose a reason.', fix: 'Correct the marked fields first.',
  },
  import: {
    title: 'Import a BOM', intro: 'An Excel file (.xlsx) with Chinese or English headers. Nothing is imported unless every row is right; the materials are added after the existing ones.',
    template: 'Download the template', file: 'Choose a file', submit: 'Import', uploading: 'Uploading {pct}%', done: '{n} materials imported',
    failed: 'The file has {n} problems; nothing was imported.', row: 'Row', column: 'Column', problem: 'Problem', online: 'Importing needs a connection.',
  },
  copy: {
    title: 'Copy materials from an order of this style', intro: 'Copies the materials of another order of style {style}; quantities and dates are worked out for this order.', none: 'No other order of this style.',
    pick: 'Choose the order', submit: 'Copy', done: '{n} materials copied', order: '{po} · {customer}',
  },
  po: {
    title: 'Purchase orders', createTitle: 'Create a material PO', submit: 'Create PO', created: 'PO {po} created',
    supplier: 'Material supplier', pickSupplier: 'Choose a material supplier', sourced_by: 'Managed by', currency: 'Currency', ordered_date: 'Order date',
    promised_date: 'Promised ship date', eta: 'Expected arrival', deliver_to: 'Deliver to (warehouse or address)', note: 'Note', lines: 'Materials',
    quantity: '{name} quantity ({unit})', unit_price: '{name} unit price (optional)',
    pickLines: 'Tick the materials first.', factoryLines: 'The factory creates the POs of the materials it buys.', mixedSides: 'Put buyer-supplied and nominated materials on separate POs.',
    mixedSuppliers: 'The selected materials name different suppliers; make one PO per supplier.',
  },
  status: { draft: 'Draft', sent: 'Sent', confirmed: 'Confirmed', shipped: 'Shipped', partially_received: 'Partly received', received: 'Received', cancelled: 'Cancelled' },
  reason: {
    supplier_capacity: 'Supplier capacity', supplier_technology: 'Supplier technology', supplier_quality: 'Supplier quality',
    our_specification: 'Our specification change', our_price: 'Our price', our_follow_up: 'Our follow-up', communication: 'Communication',
  },
  reasonGroup: { supplier: 'The supplier', ours: 'Our side', communication: 'Communication' },
  handling: { accepted: 'Accepted', returned: 'Returned', replacement_ordered: 'Replacement ordered' },
  field: { promised_date: 'Promised ship date', eta: 'Expected arrival' },
  list: {
    title: 'Material POs', filters: 'Filters', due: 'Due', dueAll: 'Any', overdue: 'Overdue', soon: 'Due in 24 h', status: 'Status', sourced: 'Managed by',
    order: 'Order ID', all: 'All', clear: 'Clear filters', empty: 'No material POs yet.', noMatch: 'No PO matches.', loadFailed: 'Could not load the POs: {error}',
    col: { po: 'PO', order: 'Order', supplier: 'Material supplier', sourced: 'Managed by', status: 'Status', promised: 'Promised ship', eta: 'ETA', lines: 'Materials' },
    linesCount: '{n} item | {n} items',
  },
  detail: {
    back: 'Material POs', loadFailed: 'Could not load the PO: {error}', facts: 'Summary', order: 'Order', supplier: 'Material supplier', baseline: 'First promise {date}',
    shipped: 'Shipped {date}', carrier: 'Carrier {carrier}', tracking: 'Tracking {no}', deliverTo: 'Deliver to {place}', cancelled: 'Cancelled: {reason}',
    lines: 'Materials', col: { item: 'Material', quantity: 'Quantity', price: 'Unit price', received: 'Received', accepted: 'Accepted', balance: 'Difference' },
    short: '{qty} short', over: '{qty} over', even: 'As ordered', noPrice: '—',
    history: 'Date changes', noHistory: 'No date changed.', change: '{field}: {from} → {to} ({reason})',
    receipts: 'Receipts', noReceipts: 'Nothing received yet.', receipt: '{date}: {qty} of {item} into {warehouse} {location}',
    inspections: 'Inspections', noInspections: 'No inspection yet.', inspection: '{date} {item}: {result}', resolve: 'Resolve',
    result: { pass: 'Pass', fail: 'Fail', conditional: 'Conditional' }, resolution: { replacement: 'Replacement', concession: 'Concession' },
    points: '{points} points per 100 sq yd (limit {threshold})',
  },
  act: {
    send: 'Send to supplier', confirm: 'Confirm dates', reschedule: 'Reschedule', ship: 'Record shipment', receive: 'Record receipt', cancel: 'Cancel PO',
    done: 'Saved', sendTitle: 'Send this PO to the supplier?', sendText: 'Once sent, its contents can no longer be edited.',
    field: 'Which date', date: 'New date', reason_code: 'Reason', note: 'Note (optional)', shipped_date: 'Ship date', carrier: 'Carrier', tracking: 'Tracking number',
    reason: 'Why it is cancelled', po_line_id: 'Material', received_date: 'Received on', quantity: 'Quantity', warehouse: 'Warehouse', location: 'Location', handling: 'Handling',
    resolveTitle: 'Resolve a failed inspection', resolution: 'Resolution', resolveNote: 'Note',
  },
  suppliers: {
    title: 'Material suppliers', add: 'Add supplier', empty: 'No material suppliers yet.', loadFailed: 'Could not load the material suppliers: {error}', inactive: 'Inactive',
    editTitle: 'Edit material supplier', addTitle: 'Add material supplier', submit: 'Save', saved: 'Saved', scorecard: 'Five rights', editItem: 'Edit {name}',
    code: 'Code', name: 'Name', name_en: 'English name', contact_name: 'Contact', contact_phone: 'Phone', contact_email: 'E-mail', address: 'Address', active: 'Active',
  },
  score: {
    title: 'Material supplier scorecard (five rights)', from: 'From', to: 'To', loadFailed: 'Could not load the scorecard: {error}', empty: 'No data for this period.', back: 'Material suppliers',
    pos: '{n} POs',
    figure: {
      shipped: 'Shipped', on_baseline: 'By the first promise', on_promise: 'By the latest promise', on_baseline_pct: 'By the first promise %', on_promise_pct: 'By the latest promise %',
      inspected: 'Inspected', first_passed: 'Passed first time', pass_pct: 'Pass rate %', receipts: 'Receipts', right_place: 'Right place', pct: 'Share %',
      lines: 'PO lines', short: 'Short', over: 'Over', short_pct: 'Short %', over_pct: 'Over %', compared: 'Compared', variance_pct: 'Price change %',
    },
    right: { on_time: 'Right time', quality: 'Right quality', place: 'Right place', quantity: 'Right quantity', price: 'Right price' },
    rightSub: { on_time: 'Shipped on or before the first promise', quality: 'First-inspection pass rate', place: "Received where the PO said", quantity: 'Share of short and over lines', price: "Unit price against the same item's previous PO" },
  },
};

export const materialMessages = { 'zh-CN': zhCN, en };

for (const [locale, m] of Object.entries(materialMessages)) i18n.global.mergeLocaleMessage(locale, { mat: m });
