// Messages of the factory order screens (zh-CN); keys mirror the other language.
export default {
  status: {
    draft: '草稿', confirmed: '已确认', in_production: '生产中', partially_shipped: '分批出货', shipped: '已出货', closed: '已结单', cancelled: '已取消',
  },
  deliveries: '出货',
  stepStatus: { open: '未开始', in_progress: '进行中', done: '已完成', cancelled: '已取消', not_applicable: '不适用' },
  units: { pcs: '件', sets: '套', pairs: '双', dozen: '打', kg: '公斤', m: '米' },
  shipModes: { sea: '海运', air: '空运', rail: '铁路', truck: '陆运', courier: '快递' },
  overdue: '逾期',
  overdueDays: '逾期 {n} 天',
  staleData: '网络不好，显示的是 {time} 的数据。',
  list: {
    exFactory: '出厂', next: '下一步', allDone: '全部步骤已完成', quantity: '{n}{unit}', loadFailed: '订单加载失败。',
  },
  detail: {
    back: '返回订单列表', customer: '客户', style: '款号', exFactory: '出厂日期', quantity: '订单数量', tolerance: '允许溢短装',
    ship: '运输方式', destination: '目的地', loadFailed: '订单加载失败。', notFound: '找不到这个订单，可能已取消或不再分配给本厂。',
    cancelled: '此订单已取消', cancelReason: '原因：{reason}', cancelledHint: '请停止生产，此订单不能再报工。',
    revised: '订单已修改（第 {n} 版）', revisedHint: '交期或数量有变化，请按最新内容生产。', showChanges: '查看修改内容', hideChanges: '收起',
    lines: '颜色 × 尺码', colour: '颜色', total: '合计',
    steps: '生产进度', stepsHint: '点击步骤即可报工', noSteps: '这个订单还没有进度计划。',
    plannedLate: '计划即延期',
    planned: '计划', actual: '实际', done: '已做 {done} / {total}{unit}', pending: '待发送', pendingQty: '待发送：{n}', rejected: '未被接受',
  },
  changes: {
    revision: '第 {n} 版', by: '{name} 于 {time}', exFactory: '出厂日期：{from} → {to}', total: '总数量：{from} → {to}', supplier: '生产工厂已变更',
    lineChanged: '{colour} {size}：{from} → {to}', lineAdded: '新增 {colour} {size}：{qty}', lineRemoved: '取消 {colour} {size}（原 {qty}）',
    loadFailed: '修改记录加载失败。',
  },
  report: {
    title: '报工 · {step}', planned: '计划 {date}', date: '日期', quantity: '累计数量', quantityPlaceholder: '到今天为止一共做了多少',
    quantityHint: '填累计总数（不是今天做的数）。已报 {done}，订单 {total} {unit}。', note: '备注', notePlaceholder: '情况说明（选填）',
    done: '这一步已完成', alreadyDone: '此步骤已于 {date} 完成，仍可补充备注或照片。', photos: '照片', submit: '提交', sent: '已提交',
    lower: '比已报的 {done} 少，请确认填的是累计数。',
    errors: {
      date: '请选择日期。', quantity: '请输入整数。',
      busy: '照片还在处理，请稍候。',
    },
  },
  photos: {
    take: '拍照', processing: '处理中…', remove: '删除照片', view: '查看照片', close: '关闭',
    unreadable: '无法读取这张照片（可能是 HEIC 格式）。请把相机设置改为 JPG 格式后重拍，或换一张。', max: '最多 {n} 张照片。',
  },
  comments: {
    title: '留言', empty: '还没有留言。', placeholder: '写留言，可附照片', send: '发送', sent: '已发送', label: '留言 · {po}',
    photoCount: '{n} 张照片', loadFailed: '留言加载失败。',
  },
  samples: {
    title: '样品', submit: '提交样品', empty: '还没有提交过样品。', loadFailed: '样品加载失败。',
    round: '第 {n} 轮', submittedBy: '{name} 于 {time} 提交', decidedBy: '{name} 于 {time} 审核', comment: '跟单意见',
    status: { pending: '待审', approved: '已批', approved_with_comments: '批注通过', rejected: '退回' },
    resubmit: '提交第 {n} 轮', rejectedHint: '已退回：请改好后提交第 {n} 轮。', annotated: '标注照片', waiting: '待发送',
    sheet: {
      title: '提交样品', titleRound: '提交{type} · 第 {n} 轮', type: '样品类型', typePlaceholder: '请选择样品类型',
      note: '备注', notePlaceholder: '改了什么、尺寸数据、其他说明（可不填）', photos: '照片（至少一张）',
      submit: '提交样品', sent: '样品已提交', label: '样品 · {type}', typesFailed: '样品类型加载失败。',
      errors: { type: '请选择样品类型。', photos: '请至少拍一张样品照片。', busy: '照片还在处理中，请稍等。' },
    },
  },
  errors: {
    order_cancelled: '此订单已取消，不能再报工。', order_closed: '此订单已结单。', order_not_confirmed: '此订单尚未确认。',
    milestone_closed: '此步骤已关闭（已取消或不适用）。', validation_failed: '内容有误，请检查后重新提交。',
    photo_failed: '照片上传失败，请删除后重新拍照。', photo_missing: '照片已丢失，请重新拍照。', photo_discarded: '照片已被删除，请重新拍照。',
  },
};
