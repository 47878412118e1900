// Every risk reason code in words, in both languages, with its params.
import { describe, it, expect, afterEach } from 'vitest';
import { reasonText, reasonTexts, topReason, stepName, shortDay } from './reasons.js';
import { i18n } from '../../i18n/index.js';

const R = (code, params) => ({ code, params });
const as = (locale) => { i18n.global.locale.value = locale; };
afterEach(() => as('zh-CN'));

const ALL = [
  R('milestone_overdue', { step: 'sewing', name: '车缝', name_en: 'Sewing', days: 3 }),
  R('output_too_slow', { step: 'sewing', name: '车缝', name_en: 'Sewing', needed_per_day: 1310, observed_per_day: 108, projected_date: '2026-12-17' }),
  R('sample_not_approved', { type: 'pp', days_to_deadline: 5 }),
  R('inspection_failed', { type: 'fri', date: '2026-12-02' }),
  R('no_update', { days: 4 }),
  R('delivery_not_booked', { days_to_ex_factory: 8 }),
  R('past_ex_factory', { days: 2 }),
  R('planned_late', { step: 'cutting', name: '裁剪', name_en: 'Cutting' }),
];

describe('reasons in words', () => {
  it('say every code in English', () => {
    as('en');
    expect(ALL.map(reasonText)).toEqual([
      'Sewing is 3 working days behind plan',
      'Sewing too slow: 1,310 a day needed, about 108 a day made; finishes about Dec 17',
      'PP sample not approved, 5 days to its deadline',
      'Final inspection (FRI) failed on Dec 2; none has passed since',
      'No report from the factory for 4 working days',
      '8 days to ex-factory and no delivery booked',
      'Ex-factory date passed 2 days ago; not shipped',
      'Cutting was already in the past when the order was confirmed',
    ]);
  });
  it('say every code in Chinese', () => {
    as('zh-CN');
    expect(ALL.map(reasonText)).toEqual([
      '车缝比计划晚 3 个工作日',
      '车缝进度太慢：每天需 1,310 件，实际每天约 108 件，预计 12月17日 才完成',
      '产前样还没批，离截止还有 5 天',
      '尾期检验不合格（12月2日），之后还没有合格的检验',
      '工厂已 4 个工作日没有上报进度',
      '离出厂还有 8 天，还没有预约出货',
      '出厂日期已过 2 天，还没出货',
      '裁剪在确认订单时计划日期就已过',
    ]);
  });
  it('use the singular for one day in English', () => {
    as('en');
    expect(reasonText(R('milestone_overdue', { name_en: 'Sewing', days: 1 }))).toBe('Sewing is 1 working day behind plan');
    expect(reasonText(R('past_ex_factory', { days: 1 }))).toBe('Ex-factory date passed 1 day ago; not shipped');
  });
  it('say a sample past its deadline without a negative count', () => {
    as('en');
    expect(reasonText(R('sample_not_approved', { type: 'fit', days_to_deadline: 0 }))).toBe('Fit sample not approved and its deadline is here');
    expect(reasonText(R('sample_not_approved', { type: 'new_kind', days_to_deadline: -2 }))).toBe('NEW_KIND not approved and its deadline is here');
  });
  it('still say something for an unknown code', () => {
    as('en');
    expect(reasonText(R('moon_phase', {}))).toBe('Another risk (moon_phase)');
    expect(reasonText(null)).toBe('Another risk (?)');
  });
  it('name steps in the user’s language, falling back to the other and the code', () => {
    expect(stepName({ name: '车缝', name_en: 'Sewing' }, 'zh-CN')).toBe('车缝');
    expect(stepName({ name: '车缝', name_en: 'Sewing' }, 'en')).toBe('Sewing');
    expect(stepName({ name: '车缝' }, 'en')).toBe('车缝');
    expect(stepName({ step: 'sewing' }, 'en')).toBe('sewing');
  });
  it('give the top reason and all of them', () => {
    as('en');
    const risk = { reasons: [ALL[6], ALL[0]] };
    expect(topReason(risk)).toBe('Ex-factory date passed 2 days ago; not shipped');
    expect(reasonTexts(risk)).toHaveLength(2);
    expect(topReason({ reasons: [] })).toBe('');
    expect(topReason(null)).toBe('');
  });
  it('write short days', () => {
    expect(shortDay('2026-12-06', 'en')).toBe('Dec 6');
    expect(shortDay('2026-12-06', 'zh-CN')).toBe('12月6日');
    expect(shortDay('', 'en')).toBe('');
  });
});

describe('an overdue corrective action', () => {
  it('says its number and days in both languages', () => {
    as('en');
    expect(reasonText(R('capa_overdue', { capa_id: 7, days: 1 }))).toBe('Corrective action #7 is 1 day overdue');
    expect(reasonText(R('capa_overdue', { capa_id: 7, days: 3 }))).toBe('Corrective action #7 is 3 days overdue');
    as('zh-CN');
    expect(reasonText(R('capa_overdue', { capa_id: 7, days: 3 }))).toBe('纠正措施 #7 已逾期 3 天');
  });
});
