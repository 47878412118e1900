// The sentence builder: what the reader reads for each kind, in both
// languages; the generic text for what it cannot say; relative times; the
// paths a tap may open.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { describe as sentence, excerpt, relativeTime, targetPath, formatDay } from './sentence.js';
import { note, CONTRACT_KINDS } from './fixtures.js';
import './messages.js';
import { i18n } from '../../i18n/index.js';

const g = i18n.global;
const zh = { t: (k, p, n) => g.t(k, p || {}, n === undefined ? { locale: 'zh-CN' } : { locale: 'zh-CN', plural: n }), te: (k) => g.te(k, 'zh-CN'), locale: 'zh-CN' };
const en = { t: (k, p, n) => g.t(k, p || {}, n === undefined ? { locale: 'en' } : { locale: 'en', plural: n }), te: (k) => g.te(k, 'en'), locale: 'en' };

describe('notification sentences', () => {
  it('say who commented on which order, and what', () => {
    const n = note('comment_added');
    expect(sentence(n, zh).text).toBe('陈建华在订单 NW-24035 留言：“面料已到厂，明天开裁”');
    expect(sentence(n, en).text).toBe('陈建华 commented on order NW-24035: “面料已到厂，明天开裁”');
    expect(sentence(n, zh).icon).toBe('comment-o');
  });

  it('name sample types, rounds and decisions in the reader’s language', () => {
    expect(sentence(note('sample_submitted'), zh).text).toBe('陈建华提交了订单 NW-24035 的产前样（第 2 轮），等待您审批。');
    expect(sentence(note('sample_submitted'), en).text).toBe('陈建华 submitted the pre-production (PP) sample (round 2) for order NW-24035; it awaits your decision.');
    const rejected = note('sample_decided', CONTRACT_KINDS.sample_decided, { actor: { id: 1, name: 'Li Wang' } });
    expect(sentence(rejected, en)).toMatchObject({ text: 'Li Wang rejected the fit sample (round 1) of order NW-24035; please submit a new round.', tone: 'bad' });
    const approved = note('sample_decided', { ...CONTRACT_KINDS.sample_decided, status: 'approved' });
    expect(sentence(approved, zh)).toMatchObject({ text: '陈建华批准了订单 NW-24035 的试身样（第 1 轮）。', tone: 'good' });
  });

  it('fall back to a word for a sample type or inspection type it does not know', () => {
    const n = note('sample_submitted', { sample_type: 'gold_seal', round: 1 });
    expect(sentence(n, zh).text).toContain('的样品（第 1 轮）');
    const own = note('sample_submitted', { sample_type: 'gold_seal', name: '封样', name_en: 'Gold seal', round: 1 });
    expect(sentence(own, zh).text).toContain('的封样（第 1 轮）');
    expect(sentence(own, en).text).toContain('submitted the Gold seal (round 1)');
    expect(sentence(note('inspection_booked', { type: 'x', date: '2026-12-10' }), en).text).toBe('陈建华 booked the inspection for order NW-24035 on Dec 10, 2026.');
  });

  it('write dates, quantities and levels in the locale', () => {
    expect(sentence(note('delivery_booked'), en).text).toBe('陈建华 booked a delivery of 1,200 for order NW-24035 on Dec 20, 2026.');
    expect(sentence(note('delivery_booked'), zh).text).toBe('陈建华预约了订单 NW-24035 的出货：2026年12月20日，数量 1,200。');
    expect(sentence(note('risk_worse'), zh).text).toBe('订单 NW-24035 的交期风险从“正常”变为“已延误”。');
    expect(sentence(note('delivery_rescheduled'), en).text).toBe('The delivery of order NW-24035 moved from Dec 20, 2026 to Dec 22, 2026.');
    expect(sentence(note('delivery_rescheduled', { delivery_id: 5, date: '2026-12-22' }), en).text).toBe('The delivery of order NW-24035 is rescheduled to Dec 22, 2026.');
  });

  it('take the locale as a ref too (useI18n)', () => {
    expect(sentence(note('inspection_confirmed'), { ...en, locale: { value: 'en' } }).text).toBe('The final inspection (FRI) for order NW-24035 on Dec 10, 2026 is confirmed.');
    expect(sentence(note('step_overdue'), { ...zh, locale: { value: 'zh-CN' } }).text).toBe('订单 NW-24035 的“裁剪”已逾期 3 天。');
  });

  it('pick the step’s name in the reader’s language and count days', () => {
    expect(sentence(note('step_overdue'), zh).text).toBe('订单 NW-24035 的“裁剪”已逾期 3 天。');
    expect(sentence(note('step_overdue'), en).text).toBe('“Cutting” of order NW-24035 is 3 days overdue.');
    expect(sentence(note('step_overdue', { step: '裁剪', step_en: '', days: 1 }), en).text).toBe('“裁剪” of order NW-24035 is 1 day overdue.');
  });

  it('say "someone" for an event without an actor', () => {
    expect(sentence(note('comment_added', CONTRACT_KINDS.comment_added, { actor: null }), en).text).toMatch(/^Someone commented/);
    expect(sentence(note('comment_added', CONTRACT_KINDS.comment_added, { actor: null }), zh).text).toMatch(/^有人在订单/);
  });

  it('give the generic text for an unknown kind, an unknown variant or missing data, never the code', () => {
    for (const n of [
      note('sample_recalled', { sample_id: 1 }),
      note('sample_decided', { ...CONTRACT_KINDS.sample_decided, status: 'withdrawn' }),
      note('inspection_result', { type: 'fri' }),
      note('comment_added', {}),
      note('risk_worse', { from: 'on_track', to: 'purple' }),
      note('step_overdue', { days: 2 }),
      note('order_revised', null),
      note('toString', {}),
      note('__proto__', {}),
    ]) {
      expect(sentence(n, en), n.kind).toEqual({ text: 'New update on order NW-24035.', icon: 'bell', tone: '', known: false });
      expect(sentence(n, zh).text, n.kind).toBe('订单 NW-24035 有新动态。');
    }
    expect(sentence(note('comment_added', CONTRACT_KINDS.comment_added, { order: null }), zh).text).toBe('有一条新通知。');
    expect(sentence({}, en).text).toBe('You have a new notification.');
  });

  it('shorten a long comment to one line', () => {
    expect(excerpt('a\n\nb   c')).toBe('a b c');
    const long = '面'.repeat(200);
    expect([...excerpt(long)].length).toBe(80);
    expect(excerpt(long).endsWith('…')).toBe(true);
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2026-12-03T12:00:00Z');
  it('says how long ago, in the locale', () => {
    expect(relativeTime('2026-12-03T11:59:30Z', now, 'en', 'just now')).toBe('just now');
    expect(relativeTime('2026-12-03T11:55:00Z', now, 'en', 'just now')).toBe('5 minutes ago');
    expect(relativeTime('2026-12-03T11:55:00Z', now, 'zh-CN', '刚刚')).toBe('5分钟前');
    expect(relativeTime('2026-12-03T09:00:00Z', now, 'en', '')).toBe('3 hours ago');
    expect(relativeTime('2026-12-02T10:00:00Z', now, 'en', '')).toBe('yesterday');
    expect(relativeTime('2026-12-02T10:00:00Z', now, 'zh-CN', '')).toBe('昨天');
    expect(relativeTime('2026-11-01T10:00:00Z', now, 'en', '')).toBe('Nov 1, 2026');
    expect(relativeTime('not a time', now, 'en', '')).toBe('');
  });
  it('formats a day in the locale, and leaves what is not a date as sent', () => {
    expect(formatDay('2026-12-20', 'zh-CN')).toBe('2026年12月20日');
    expect(formatDay('', 'en')).toBe('');
    expect(formatDay('soon', 'en')).toBe('soon');
  });
});

describe('targetPath', () => {
  it('opens the app’s own paths only', () => {
    expect(targetPath(note('comment_added'))).toBe('/orders/12');
    expect(targetPath({ path: '/inspections/3', order: null })).toBe('/inspections/3');
    expect(targetPath({ path: '//evil.example/x', order: { id: 12 } })).toBe('/orders/12');
    expect(targetPath({ path: 'https://evil.example/', order: { id: 12 } })).toBe('/orders/12');
    expect(targetPath({ path: '/\\evil.example', order: null })).toBe(null);
    expect(targetPath({ path: 'javascript:alert(1)', order: null })).toBe(null);
    expect(targetPath({})).toBe(null);
  });
});
