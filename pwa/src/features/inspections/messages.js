// The inspection screens' messages, merged under `insp.` when their chunk
// loads (the first paint does not carry them). Both languages have the same
// keys and placeholders (messages.test.js).
import { i18n } from '../../i18n/index.js';

const zhCN = {
  title: '验货',
  type: { ipi: '初期检验 (IPI)', dupro: '中期检验 (DUPRO)', fri: '尾期检验 (FRI)', reinspection: '复检' },
  status: { requested: '待确认', confirmed: '已确认', completed: '已完成', cancelled: '已取消' },
  result: { pass: '合格', fail: '不合格' },
  severity: { critical: '严重缺陷', major: '主要缺陷', minor: '次要缺陷' },
  check: { carton_count: '箱数', packing: '包装', labelling: '标签', marking: '唛头', other: '其他' },
  suggest: {
    suggest_ipi: '已生产 {produced_pct}%：可以安排初期检验 (IPI)。',
    suggest_dupro: '已生产 {produced_pct}%：可以安排中期检验 (DUPRO)。',
    suggest_fri: '已生产 {produced_pct}%，已包装 {packed_pct}%：可以安排尾期检验 (FRI)。',
    suggest_fri_planned: '目前已生产 {produced_pct}%，已包装 {packed_pct}%；按交期，尾期检验 (FRI) 建议安排在 {date}。',
    suggest_reinspection: '{failed_date} 的验货不合格（#{inspection_id}）：返工后请预约复检。',
  },
  errors: {
    validation_failed: '有内容不对，请检查后再提交。',
  },
  section: {
    title: '验货', loadFailed: '验货记录加载失败。', empty: '还没有验货。', rejected: '未被接受', pending: '等待发送',
    inspector: '验货员：{name}', noInspector: '尚未指派验货员', dateChanged: '改期原因：{reason}',
    override: '已改判为{result}：{reason}', record: '记录验货', book: '预约验货',
  },
  staff: {
    confirm: '确认', assign: '指派', override: '改判', cancel: '取消验货', confirmTitle: '确认验货', assignTitle: '指派验货员',
    overrideTitle: '改判结果', cancelTitle: '取消验货', done: '已保存', reasonForDate: '改了日期，请写明原因。', date: '验货日期',
    dateReason: '改期原因', inspector: '验货员', nobody: '（暂不指派）', noPicker: '这家工厂还没有可指派的验货员；请管理员为验货员分配工厂。', reason: '原因',
  },
  book: {
    title: '预约验货', submit: '提交预约', type: '验货类型', date: '验货日期', quantityReady: '可验数量', totalCartons: '总箱数（可选）',
    address: '验货地址', note: '备注', notePlaceholder: '联系人、注意事项（可选）', label: '预约验货 · {type}', sent: '已提交预约',
    errors: { type: '请选择验货类型。', date: '请选择日期。', quantity: '请输入整数数量。', whole: '请输入整数。', address: '请填写验货地址。' },
  },
  form: {
    po: '订单号', style: '款号', date: '日期', inspector: '验货员', supplier: '工厂', address: '地址', openReport: '验货报告（可打印）',
    serverVerdict: '服务器判定', foundLine: '{severity}：发现 {found}', refused: '未被接受', waiting: '等待同步',
    waitingHint: '验货结果已保存在手机上，联网后自动发送；判定以服务器为准。', restored: '已恢复上次未完成的记录。',
    lot: '批量与抽样', lotSize: '批量（件）', totalCartons: '总箱数', sample: '抽检数量', cartonsToOpen: '至少开箱',
    planOffline: '当前离线：显示的是批量 {n} 的抽样方案，联网同步后重新计算。', planBusy: '正在计算抽样方案…', plan: '抽样方案（AQL）',
    severity: '缺陷等级', sampleShort: '样本量', verdictTitle: '实时判定（预览）', previewNote: '仅为预览：最终结果以服务器判定为准。',
    checksFailed: '检查未通过：{checks}', line: '{severity}：发现 {found}，最多可接受 {ac}', lineNoPlan: '{severity}：发现 {found}（抽样方案未知）',
    defects: '缺陷', codesFailed: '缺陷代码加载失败。', severityOf: '{code} 的缺陷等级', minus: '{code} 减一', plus: '{code} 加一',
    piece: '同一件（可选标记）', piecePlaceholder: '如 A、3', moreCodes: '更多缺陷代码（{n}）', lessCodes: '收起',
    measurements: '尺寸测量', noMeasurements: '还没有测量点。', point: '测量部位', pointPlaceholder: '如 胸围 1/2', removePoint: '删除测量点',
    spec: '标准', tolerance: '公差 ±', unit: '单位', pieceN: '第 {n} 件', addPiece: '加一件', outOf: '超出公差：{n} 件', addPoint: '添加测量点',
    checks: '检查项目', checkNote: '{check} 备注', notePlaceholder: '备注（可选）', finish: '完成验货', cartonsOpened: '实际开箱数',
    atLeast: '至少开 {n} 箱', note: '备注', complete: '完成并提交', notRecordable: '这次验货不能由你记录。', label: '验货结果 · {type}',
    errors: { cartonsOpened: '请输入实际开箱数。', tooFewCartons: '至少要开 {min} 箱。', whole: '请输入整数。', busy: '照片还在处理，请稍候。' },
  },
  list: {
    mine: '我的验货', upcoming: '待验', failed: '不合格',
    empty: { mine: '没有指派给你的验货。', upcoming: '没有待验的验货。', failed: '没有不合格的验货。' },
  },
  report: {
    language: '报告语言', print: '打印 / 存为 PDF', title: '验货报告', type: '验货类型', lot: '批量', cartons: '开箱 / 总箱数',
    cartonsValue: '{opened} / {total}', level: '检验水平', levelValue: '检验水平 {level}，{severity}',
    inspSeverity: { normal: '正常检验', tightened: '加严检验', reduced: '放宽检验' },
    switching: '转移规则：该厂此类产品已验 {lots} 批，转移得分 {score}',
    switchReason: {
      two_of_five_rejected: '连续 5 批中有 2 批不合格，转为加严检验', five_accepted: '加严检验下连续 5 批合格，恢复正常检验',
      switching_score_30: '转移得分达到 30，转为放宽检验', reduced_lot_rejected: '放宽检验下有一批不合格，恢复正常检验',
      production_irregular: '生产不稳定，恢复正常检验', other_conditions: '其他情况，恢复正常检验',
      five_rejected_tightened: '加严检验下累计 5 批不合格，暂停验货', resumed_tightened: '纠正措施后恢复，按加严检验',
    },
    verdict: '判定', noVerdict: '尚未完成', override: '原判定{computed}，已由 {by} 改判为{result}', reason: '原因：{reason}',
    completed: '{time} 由 {name} 完成', codeLetter: '字码', sampleSize: '样本量', found: '发现', noDefects: '未发现缺陷。',
    defect: '缺陷', count: '数量', piece: '同一件', outOf: '超差件数', photos: '照片', photoN: '照片 {n}', printed: '打印于 {date}',
  },
};

const en = {
  title: 'Inspections',
  type: { ipi: 'Initial production (IPI)', dupro: 'During production (DUPRO)', fri: 'Final random (FRI)', reinspection: 'Re-inspection' },
  status: { requested: 'Requested', confirmed: 'Confirmed', completed: 'Completed', cancelled: 'Cancelled' },
  result: { pass: 'Pass', fail: 'Fail' },
  severity: { critical: 'critical', major: 'major', minor: 'minor' },
  check: { carton_count: 'Carton count', packing: 'Packing', labelling: 'Labelling', marking: 'Shipping marks', other: 'Other' },
  suggest: {
    suggest_ipi: '{produced_pct}% produced: time for the initial inspection (IPI).',
    suggest_dupro: '{produced_pct}% produced: time for a during-production inspection (DUPRO).',
    suggest_fri: '{produced_pct}% produced and {packed_pct}% packed: ready for the final inspection (FRI).',
    suggest_fri_planned: '{produced_pct}% produced and {packed_pct}% packed so far; for the ex-factory date, plan the final inspection (FRI) for {date}.',
    suggest_reinspection: 'The inspection of {failed_date} failed (#{inspection_id}): after rework, book a re-inspection.',
  },
  errors: {
    validation_failed: 'Something is not right; check and submit again.',
  },
  section: {
    title: 'Inspections', loadFailed: 'Could not load the inspections.', empty: 'No inspections yet.', rejected: 'Not accepted', pending: 'Waiting to send',
    inspector: 'Inspector: {name}', noInspector: 'No inspector assigned yet', dateChanged: 'Date changed: {reason}',
    override: 'Overridden to {result}: {reason}', record: 'Record inspection', book: 'Book inspection',
  },
  staff: {
    confirm: 'Confirm', assign: 'Assign', override: 'Override', cancel: 'Cancel inspection', confirmTitle: 'Confirm the inspection', assignTitle: 'Assign an inspector',
    overrideTitle: 'Override the result', cancelTitle: 'Cancel the inspection', done: 'Saved', reasonForDate: 'The date changed: give the reason.', date: 'Inspection date',
    dateReason: 'Why another date', inspector: 'Inspector', nobody: '(not yet)', noPicker: 'No inspector can be assigned for this supplier yet; an administrator assigns QC users to suppliers.', reason: 'Reason',
  },
  book: {
    title: 'Book inspection', submit: 'Send booking', type: 'Inspection type', date: 'Date', quantityReady: 'Quantity ready', totalCartons: 'Total cartons (optional)',
    address: 'Address', note: 'Note', notePlaceholder: 'Contact person, anything to know (optional)', label: 'Inspection booking · {type}', sent: 'Booking sent',
    errors: { type: 'Choose the inspection type.', date: 'Choose a date.', quantity: 'Enter a whole number.', whole: 'Enter a whole number.', address: 'Enter the address.' },
  },
  form: {
    po: 'PO', style: 'Style', date: 'Date', inspector: 'Inspector', supplier: 'Supplier', address: 'Address', openReport: 'Inspection report (printable)',
    serverVerdict: 'The server’s verdict', foundLine: '{severity}: {found} found', refused: 'Not accepted', waiting: 'Waiting to sync',
    waitingHint: 'The results are kept on this phone and sent when the connection returns; the server gives the verdict.', restored: 'Your unfinished record was restored.',
    lot: 'Lot and sampling', lotSize: 'Lot size (pieces)', totalCartons: 'Total cartons', sample: 'Sample to inspect', cartonsToOpen: 'Open at least',
    planOffline: 'Offline: this is the plan for a lot of {n}; it is recomputed when synced.', planBusy: 'Computing the sampling plan…', plan: 'Sampling plan (AQL)',
    severity: 'Severity', sampleShort: 'Sample', verdictTitle: 'Live verdict (preview)', previewNote: 'A preview only: the server’s verdict is final.',
    checksFailed: 'Checks failed: {checks}', line: '{severity}: {found} found, accept up to {ac}', lineNoPlan: '{severity}: {found} found (no plan yet)',
    defects: 'Defects', codesFailed: 'Could not load the defect codes.', severityOf: 'Severity of {code}', minus: 'One less {code}', plus: 'One more {code}',
    piece: 'Same piece (optional label)', piecePlaceholder: 'e.g. A, 3', moreCodes: 'More defect codes ({n})', lessCodes: 'Fewer',
    measurements: 'Measurements', noMeasurements: 'No points of measure yet.', point: 'Point of measure', pointPlaceholder: 'e.g. Chest 1/2', removePoint: 'Remove this point',
    spec: 'Spec', tolerance: 'Tolerance ±', unit: 'Unit', pieceN: 'Piece {n}', addPiece: 'Piece', outOf: 'Out of tolerance: {n} pieces', addPoint: 'Add a point of measure',
    checks: 'Checks', checkNote: 'Note on {check}', notePlaceholder: 'Note (optional)', finish: 'Finish', cartonsOpened: 'Cartons opened',
    atLeast: 'Open at least {n} cartons', note: 'Note', complete: 'Complete and send', notRecordable: 'You cannot record this inspection.', label: 'Inspection results · {type}',
    errors: { cartonsOpened: 'Enter how many cartons were opened.', tooFewCartons: 'Open at least {min} cartons.', whole: 'Enter a whole number.', busy: 'The photos are still being prepared; please wait.' },
  },
  list: {
    mine: 'My inspections', upcoming: 'Upcoming', failed: 'Failed',
    empty: { mine: 'No inspections are assigned to you.', upcoming: 'No upcoming inspections.', failed: 'No failed inspections.' },
  },
  report: {
    language: 'Report language', print: 'Print / save as PDF', title: 'Inspection report', type: 'Inspection type', lot: 'Lot size', cartons: 'Cartons opened / total',
    cartonsValue: '{opened} / {total}', level: 'Inspection level', levelValue: 'Inspection level {level}, {severity}',
    inspSeverity: { normal: 'normal inspection', tightened: 'tightened inspection', reduced: 'reduced inspection' },
    switching: "Switching rules: {lots} lots of this supplier's product family inspected, switching score {score}",
    switchReason: {
      two_of_five_rejected: '2 of 5 consecutive lots rejected: tightened inspection', five_accepted: '5 consecutive lots accepted on tightened: back to normal',
      switching_score_30: 'switching score reached 30: reduced inspection', reduced_lot_rejected: 'a lot rejected on reduced: back to normal',
      production_irregular: 'production irregular: back to normal', other_conditions: 'other conditions: back to normal',
      five_rejected_tightened: '5 lots rejected on tightened: inspection discontinued', resumed_tightened: 'resumed after corrective action, on tightened inspection',
    },
    verdict: 'Verdict', noVerdict: 'Not completed yet', override: 'Computed {computed}; overridden to {result} by {by}', reason: 'Reason: {reason}',
    completed: 'Completed {time} by {name}', codeLetter: 'Code letter', sampleSize: 'Sample size', found: 'Found', noDefects: 'No defects found.',
    defect: 'Defect', count: 'Count', piece: 'Same piece', outOf: 'Pieces out', photos: 'Photos', photoN: 'Photo {n}', printed: 'Printed {date}',
  },
};

export const inspMessages = { 'zh-CN': zhCN, en };

for (const [locale, m] of Object.entries(inspMessages)) i18n.global.mergeLocaleMessage(locale, { insp: m });
