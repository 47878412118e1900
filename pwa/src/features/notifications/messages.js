// The notifications page's texts, merged under `notifications.` when its
// chunk loads. `kind.*` is one sentence per event kind of the in-app API
// (docs: /api/v1/notifications), built by sentence.js from the kind, the
// order's PO, the actor's name and the kind's data; a kind this version
// does not know gets `generic`. Both languages have the same keys and
// placeholders (messages.test.js).
import { i18n } from '../../i18n/index.js';

const zhCN = {
  title: '通知',
  unreadCount: '{n} 条未读',
  allRead: '全部已读',
  markAll: '全部标为已读',
  markAllOffline: '联网后才能全部标为已读。',
  markAllFailed: '未能全部标为已读：{error}',
  empty: '暂无通知。有新的样品、验货、出货或留言时会显示在这里。',
  loadFailed: '通知加载失败：{error}',
  offline: '当前离线，联网后可查看最新通知。',
  more: '加载更多',
  moreFailed: '更多通知加载失败。',
  unread: '未读',
  readLabel: '标记通知为已读（{what}）',
  justNow: '刚刚',
  someone: '有人',
  noOrder: '订单',
  order: '订单 {po}',
  kind: {
    sample_submitted: '{actor}提交了订单 {po} 的{type}（第 {round} 轮），等待您审批。',
    sample_decided: {
      approved: '{actor}批准了订单 {po} 的{type}（第 {round} 轮）。',
      approved_with_comments: '{actor}有条件批准了订单 {po} 的{type}（第 {round} 轮），请查看意见。',
      rejected: '{actor}退回了订单 {po} 的{type}（第 {round} 轮），请提交新一轮。',
    },
    inspection_booked: '{actor}预约了订单 {po} 的{type}，日期 {date}。',
    inspection_confirmed: '订单 {po} 的{type}已确认，日期 {date}。',
    inspection_assigned: '您被安排负责订单 {po} 的{type}，日期 {date}。',
    inspection_result: {
      pass: '订单 {po} 的{type}结果：合格。',
      fail: '订单 {po} 的{type}结果：不合格。',
    },
    delivery_booked: '{actor}预约了订单 {po} 的出货：{date}，数量 {quantity}。',
    delivery_confirmed: '订单 {po} 的出货预约（{date}）已确认。',
    delivery_rescheduled: {
      moved: '订单 {po} 的出货从 {from} 改到 {to}。',
      plain: '订单 {po} 的出货改期为 {date}。',
    },
    delivery_rejected: {
      reason: '订单 {po} 的出货预约（{date}）被退回：{reason}',
      plain: '订单 {po} 的出货预约（{date}）被退回。',
    },
    delivery_shipped: '{actor}已发出订单 {po} 的货：{date}，数量 {quantity}。',
    comment_added: '{actor}在订单 {po} 留言：“{excerpt}”',
    chase_logged: {
      promised: '{actor}就订单 {po} 跟进（{channel}），新的承诺日期 {promised}。',
      plain: '{actor}就订单 {po} 跟进（{channel}）。',
    },
    order_revised: '订单 {po} 已修改（第 {revision} 版），请查看变更。',
    order_cancelled: {
      reason: '订单 {po} 已取消：{reason}',
      plain: '订单 {po} 已取消。',
    },
    risk_worse: '订单 {po} 的交期风险从“{from}”变为“{to}”。',
    step_overdue: '订单 {po} 的“{step}”已逾期 {days} 天。',
    risk_digest: '今日交期风险：{late} 单延误、{at_risk} 单有风险，最急的是 {po}。',
    material_eta_changed: {
      promised_date: '订单 {po} 的物料采购单 {material_po} 发货日期改为 {date}（{reason}）。',
      eta: '订单 {po} 的物料采购单 {material_po} 预计到货改为 {date}（{reason}）。',
    },
    material_shipped: '订单 {po} 的物料采购单 {material_po} 已发货，预计 {date} 到。',
    material_inspection_failed: '订单 {po} 的 {item}（采购单 {material_po}）检验不合格。',
    material_not_ready: '{actor}报告了订单 {po} 的“{step}”，但物料未齐：{items}。',
    material_po_due: '订单 {po} 的物料采购单 {material_po} 应在 {date} 发货，请跟进。',
    progress_reported: {
      done: '{actor}报告订单 {po} 的“{step}”已完成。',
      quantity: '{actor}报告订单 {po} 的“{step}”：累计 {quantity}。',
      plain: '{actor}更新了订单 {po} 的“{step}”进度。',
    },
    escalated: {
      chase: '订单 {po} 有交期风险，工厂 {hours} 小时未回复跟进：已升级（第 {step} 级）。',
      comment: '订单 {po} 有交期风险，工厂 {hours} 小时未回复留言：已升级（第 {step} 级）。',
    },
  },
  generic: '订单 {po} 有新动态。',
  genericNoOrder: '有一条新通知。',
  sampleType: { lab_dip: '色样', proto: '初样', fit: '试身样', size_set: '齐码样', pp: '产前样', top: '大货样', shipment: '船样', wash_test: '洗水测试' },
  sampleTypeAny: '样品',
  inspType: { ipi: '初期检验', dupro: '中期检验', fri: '尾期检验', reinspection: '复检' },
  inspTypeAny: '验货',
  channel: { called: '打电话', messaged: '发消息', visited: '去工厂' },
  channelAny: '联系',
  level: { on_track: '正常', at_risk: '有风险', late: '已延误' },
  materialReason: { supplier_capacity: '供应商产能', supplier_technology: '供应商技术', supplier_quality: '供应商质量', our_specification: '我方规格', our_price: '我方价格', our_follow_up: '我方跟进', communication: '沟通' },
  materialReasonAny: '其他原因',
};

const en = {
  title: 'Notifications',
  unreadCount: 'none unread | {n} unread | {n} unread',
  allRead: 'All read',
  markAll: 'Mark all as read',
  markAllOffline: 'Connect to mark them all as read.',
  markAllFailed: 'Could not mark all as read: {error}',
  empty: 'No notifications yet. New samples, inspections, deliveries and comments show up here.',
  loadFailed: 'Could not load the notifications: {error}',
  offline: 'You are offline; connect to see the latest notifications.',
  more: 'Load more',
  moreFailed: 'Could not load more notifications.',
  unread: 'Unread',
  readLabel: 'Mark notification as read ({what})',
  justNow: 'just now',
  someone: 'Someone',
  noOrder: 'Order',
  order: 'Order {po}',
  kind: {
    sample_submitted: '{actor} submitted the {type} (round {round}) for order {po}; it awaits your decision.',
    sample_decided: {
      approved: '{actor} approved the {type} (round {round}) of order {po}.',
      approved_with_comments: '{actor} approved the {type} (round {round}) of order {po} with comments; please read them.',
      rejected: '{actor} rejected the {type} (round {round}) of order {po}; please submit a new round.',
    },
    inspection_booked: '{actor} booked the {type} for order {po} on {date}.',
    inspection_confirmed: 'The {type} for order {po} on {date} is confirmed.',
    inspection_assigned: 'You are assigned the {type} for order {po} on {date}.',
    inspection_result: {
      pass: 'The {type} of order {po} passed.',
      fail: 'The {type} of order {po} failed.',
    },
    delivery_booked: '{actor} booked a delivery of {quantity} for order {po} on {date}.',
    delivery_confirmed: 'The delivery of order {po} on {date} is confirmed.',
    delivery_rescheduled: {
      moved: 'The delivery of order {po} moved from {from} to {to}.',
      plain: 'The delivery of order {po} is rescheduled to {date}.',
    },
    delivery_rejected: {
      reason: 'The delivery of order {po} on {date} was rejected: {reason}',
      plain: 'The delivery of order {po} on {date} was rejected.',
    },
    delivery_shipped: '{actor} shipped {quantity} of order {po} on {date}.',
    comment_added: '{actor} commented on order {po}: “{excerpt}”',
    chase_logged: {
      promised: '{actor} followed up on order {po} ({channel}); new promised date {promised}.',
      plain: '{actor} followed up on order {po} ({channel}).',
    },
    order_revised: 'Order {po} was revised (revision {revision}); please check the changes.',
    order_cancelled: {
      reason: 'Order {po} was cancelled: {reason}',
      plain: 'Order {po} was cancelled.',
    },
    risk_worse: 'Order {po} went from “{from}” to “{to}”.',
    step_overdue: '“{step}” of order {po} is {days} day overdue. | “{step}” of order {po} is {days} day overdue. | “{step}” of order {po} is {days} days overdue.',
    risk_digest: "Today's delivery risk: {late} late, {at_risk} at risk; the most urgent is {po}.",
    material_eta_changed: {
      promised_date: 'Material PO {material_po} of order {po} now ships on {date} ({reason}).',
      eta: 'Material PO {material_po} of order {po} now arrives on {date} ({reason}).',
    },
    material_shipped: 'Material PO {material_po} of order {po} has shipped, arriving {date}.',
    material_inspection_failed: '{item} (PO {material_po}) of order {po} failed inspection.',
    material_not_ready: '{actor} reported “{step}” of order {po}, but materials are not ready: {items}.',
    material_po_due: 'Material PO {material_po} of order {po} is due to ship on {date}: follow it up.',
    progress_reported: {
      done: '{actor} finished “{step}” of order {po}.',
      quantity: '{actor} reported “{step}” of order {po}: {quantity} so far.',
      plain: '{actor} updated “{step}” of order {po}.',
    },
    escalated: {
      chase: 'Order {po} is at risk and the factory has not answered a follow-up for {hours} hours: raised to step {step}.',
      comment: 'Order {po} is at risk and the factory has not answered a comment for {hours} hours: raised to step {step}.',
    },
  },
  generic: 'New update on order {po}.',
  genericNoOrder: 'You have a new notification.',
  sampleType: { lab_dip: 'lab dip', proto: 'proto sample', fit: 'fit sample', size_set: 'size set', pp: 'pre-production (PP) sample', top: 'top of production sample', shipment: 'shipment sample', wash_test: 'wash test' },
  sampleTypeAny: 'sample',
  inspType: { ipi: 'initial inspection (IPI)', dupro: 'during-production inspection (DUPRO)', fri: 'final inspection (FRI)', reinspection: 're-inspection' },
  inspTypeAny: 'inspection',
  channel: { called: 'called', messaged: 'messaged', visited: 'visited' },
  channelAny: 'contact',
  level: { on_track: 'On track', at_risk: 'At risk', late: 'Late' },
  materialReason: { supplier_capacity: 'supplier capacity', supplier_technology: 'supplier technology', supplier_quality: 'supplier quality', our_specification: 'our specification', our_price: 'our price', our_follow_up: 'our follow-up', communication: 'communication' },
  materialReasonAny: 'other reason',
};

export const notificationMessages = { 'zh-CN': zhCN, en };

for (const [locale, m] of Object.entries(notificationMessages)) i18n.global.mergeLocaleMessage(locale, { notifications: m });
