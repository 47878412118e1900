// The scorecard screen's messages, merged under `score.` when its chunk
// loads; entry.js has the few that are needed before. Both languages have
// the same keys and placeholders (messages.test.js).
import { i18n } from '../../i18n/index.js';
import { entryMessages } from './entry.js';

const zhCN = {
  back: '供应商',
  range: '统计期间',
  from: '开始日期',
  to: '结束日期',
  reset: '近 12 个月',
  asOf: '截至 {today}（工厂当地日期）',
  orders: '{n} 张订单',
  basis: '期间内的订单按首次承诺的出厂日期（基准日）计算，改期不会把订单移出期间或月份。',
  empty: '这段时间没有到期的订单。',
  loadFailed: '评分卡加载失败：{error}',
  badRange: '结束日期不能早于开始日期。',
  tiles: '各项指标',
  tile: {
    on_time_baseline: { title: '准时出货（基准日）', hint: '在首次承诺的出厂日期当天或之前出货' },
    on_time_latest: { title: '准时出货（最新交期）', hint: '在最近一次确认的出厂日期当天或之前出货' },
    date_changes: { title: '改期次数', hint: '平均每单修改出厂日期的次数', parts: '{total} 次 / {count} 单' },
    days_late: { title: '平均延误天数', hint: '晚出货的订单比最新交期晚的天数', parts: '{total} 天 / 晚出货 {count} 单' },
    sample_first_round: { title: '样品首轮通过率', hint: '第 1 轮样品获批（含附意见批准）/ 已判定' },
    fri_first_pass: { title: '尾检一次通过率', hint: '第一次尾期检验 (FRI) 合格的订单' },
    reporting: { title: '报数及时率', hint: '生产日（不含工厂休息日和假期）中有进度上报的天数' },
    chases: { title: '催单次数', hint: '平均每单的跟进记录', parts: '{total} 次 / {count} 单' },
  },
  parts: '{n} / {d}',
  trend: {
    title: '月度准时出货率',
    baseline: '基准日',
    latest: '最新交期',
    none: '无',
    aria: '每月准时出货率（按出厂月份）：{list}',
    month: '{month}：基准日 {baseline}，最新交期 {latest}',
  },
};

const en = {
  back: 'Suppliers',
  range: 'Period',
  from: 'From',
  to: 'To',
  reset: 'Last 12 months',
  asOf: 'As of {today} (the factory’s date)',
  orders: 'no orders | {n} order | {n} orders',
  basis: 'Orders count in the period and month of their first committed ex-factory date (the baseline); a new date does not move an order out.',
  empty: 'No orders were due in this period.',
  loadFailed: 'The scorecard could not be loaded: {error}',
  badRange: 'The end date cannot be before the start date.',
  tiles: 'Figures',
  tile: {
    on_time_baseline: { title: 'On time (baseline)', hint: 'Shipped on or before the first committed ex-factory date' },
    on_time_latest: { title: 'On time (latest date)', hint: 'Shipped on or before the latest agreed ex-factory date' },
    date_changes: { title: 'Date changes', hint: 'Changes of the ex-factory date per order', parts: 'Changes: {total} · orders: {count}' },
    days_late: { title: 'Average days late', hint: 'Days after the latest date, of orders shipped late', parts: 'Days: {total} · orders late: {count}' },
    sample_first_round: { title: 'Samples approved first round', hint: 'Round 1 approved (with comments too) of those decided' },
    fri_first_pass: { title: 'Final inspection first pass', hint: 'Orders whose first final inspection (FRI) passed' },
    reporting: { title: 'Reporting discipline', hint: 'Working days (the factory’s days off and holidays excluded) with a progress report' },
    chases: { title: 'Chases', hint: 'Chase log entries per order', parts: 'Chases: {total} · orders: {count}' },
  },
  parts: '{n} of {d}',
  trend: {
    title: 'On-time delivery by month',
    baseline: 'Baseline',
    latest: 'Latest date',
    none: 'none',
    aria: 'On-time delivery per ex-factory month: {list}',
    month: '{month}: baseline {baseline}, latest date {latest}',
  },
};

export const scoreMessages = { 'zh-CN': zhCN, en };

for (const [locale, m] of Object.entries(scoreMessages)) i18n.global.mergeLocaleMessage(locale, { score: { ...m, ...entryMessages[locale] } });
