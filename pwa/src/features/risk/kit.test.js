// The risk screens' pure parts: the dashboard's query and tabs, ages and
// slack in words, the Today list's groups and words, chase bodies and
// slipped promises, and the charts' geometry.
import { describe, it, expect, afterEach } from 'vitest';
import {
  addDays, daysFrom, ageText, ageDays, slackText, dashQuery, levelTabs, groupToday, itemKey, todayWhat, todayLink,
  chaseBody, chaseAbout, chaseProblems, slippedText, localChase, channelText, linear, dateRange, dateTicks, timeline, outputChart, neededOn,
} from './kit.js';
import { i18n } from '../../i18n/index.js';

const as = (locale) => { i18n.global.locale.value = locale; };
afterEach(() => as('zh-CN'));

describe('days and ages', () => {
  it('counts days across months', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysFrom('2026-11-28', '2026-12-03')).toBe(5);
  });
  it('says how long ago the last report was', () => {
    as('en');
    expect(ageText('2026-12-03', '2026-12-03')).toBe('today');
    expect(ageText('2026-12-02', '2026-12-03')).toBe('yesterday');
    expect(ageText('2026-11-30', '2026-12-03')).toBe('3 days ago');
    expect(ageText('', '2026-12-03')).toBe('never reported');
    expect(ageText('2026-12-04', '2026-12-03')).toBe('today'); // a factory a zone ahead
    as('zh-CN');
    expect(ageText('2026-11-30', '2026-12-03')).toBe('3 天前');
    expect(ageText(null, '2026-12-03')).toBe('从未上报');
    expect(ageDays('2026-11-30', '2026-12-03')).toBe(3);
    expect(ageDays('', '2026-12-03')).toBe(Infinity);
  });
  it('says slack in words', () => {
    as('en');
    expect(slackText(3)).toBe('3 working days to spare');
    expect(slackText(1)).toBe('1 working day to spare');
    expect(slackText(-6)).toBe('6 working days late');
    expect(slackText(0)).toBe('just in time');
    expect(slackText(undefined)).toBe('');
    as('zh-CN');
    expect(slackText(-6)).toBe('晚 6 个工作日');
  });
});

describe('dashboard', () => {
  it('builds the query: mine by default, all, filters, cursor', () => {
    expect(dashQuery({}).toString()).toBe('limit=50');
    expect(dashQuery({ who: 'all', level: 'late', supplier_id: '2' }, { cursor: 'abc' }).toString())
      .toBe('merchandiser_id=all&supplier_id=2&level=late&limit=50&cursor=abc');
    expect(dashQuery({ who: '7', ex_factory_from: '2026-12-01', ex_factory_to: '2026-12-31', customer_id: '' }).toString())
      .toBe('merchandiser_id=7&ex_factory_from=2026-12-01&ex_factory_to=2026-12-31&limit=50');
  });
  it('gives the level tabs their counts', () => {
    expect(levelTabs({ late: 4, at_risk: 7, on_track: 30 })).toEqual([
      { level: '', n: 41 }, { level: 'late', n: 4 }, { level: 'at_risk', n: 7 }, { level: 'on_track', n: 30 },
    ]);
    expect(levelTabs(undefined).map((t) => t.n)).toEqual([0, 0, 0, 0]);
  });
});

const item = (kind, params = {}, extra = {}) => ({
  kind, order: { id: 5, po_number: 'NW-24035', style_no: 'S', risk_level: 'late' }, supplier: { id: 1, code: 'HZ-JL' }, date: '2026-12-01', params, last_chase: null, ...extra,
});

describe('Today', () => {
  it('groups items by kind in the list’s order', () => {
    const groups = groupToday([item('delivery_to_confirm'), item('step_overdue'), item('follow_up'), item('step_overdue'), item('odd')]);
    expect(groups.map((g) => [g.kind, g.items.length])).toEqual([['follow_up', 1], ['step_overdue', 2], ['delivery_to_confirm', 1], ['odd', 1]]);
    expect(groupToday([])).toEqual([]);
  });
  it('keys items by what they are about', () => {
    expect(itemKey(item('step_overdue', { milestone_id: 43 }))).toBe('step_overdue:5:1:43:2026-12-01');
    expect(itemKey(item('step_overdue', { milestone_id: 44 }))).not.toBe(itemKey(item('step_overdue', { milestone_id: 43 })));
  });
  it('says what each item is about', () => {
    as('en');
    const step = { milestone_id: 43, step: 'sewing', name: '车缝', name_en: 'Sewing' };
    expect(todayWhat(item('step_overdue', { ...step, days: 2 }))).toBe('Sewing: planned Dec 1, 2 working days late');
    expect(todayWhat(item('step_due', step))).toBe('Sewing: due today');
    expect(todayWhat(item('quiet_factory', { days: 4 }, { date: '2026-11-28' }))).toBe('No report for 4 working days (last Nov 28)');
    expect(todayWhat(item('sample_waiting', { type: 'pp', round_no: 2, days: 3, round_id: 9 }))).toBe('PP sample round 2, waiting 3 days');
    expect(todayWhat(item('inspection_today', { type: 'fri', inspection_id: 3 }))).toBe('Final inspection (FRI) today');
    expect(todayWhat(item('delivery_to_confirm', { delivery_id: 3, quantity: 1200 }, { date: '2026-12-09' }))).toBe('Delivery of 1,200 pcs on Dec 9 to confirm');
    expect(todayWhat(item('follow_up', { chase_id: 2 }, { date: '2026-12-03' }))).toBe('Follow up due Dec 3');
    as('zh-CN');
    expect(todayWhat(item('step_overdue', { ...step, days: 2 }))).toBe('车缝：计划 12月1日，已晚 2 个工作日');
  });
  it('links items to their own screens', () => {
    expect(todayLink(item('sample_waiting', { round_id: 9 }))).toBe('/approvals/9');
    expect(todayLink(item('inspection_today', { inspection_id: 3 }))).toBe('/inspections/3');
    expect(todayLink(item('delivery_to_confirm', { delivery_id: 3 }))).toBe('/orders/5');
    expect(todayLink(item('step_overdue'))).toBe('');
  });
});

describe('chases', () => {
  it('builds the body from the form and what it is about', () => {
    const about = chaseAbout(item('step_overdue', { milestone_id: 43 }));
    expect(about).toEqual({ topic: 'step_overdue', order_id: 5, milestone_id: 43 });
    expect(chaseBody({ channel: 'called', said: '  short of sewers ', promised_date: '2026-12-06', next_follow_up: '' }, about)).toEqual({
      order_id: 5, milestone_id: 43, topic: 'step_overdue', channel: 'called', said: 'short of sewers', promised_date: '2026-12-06',
    });
    expect(chaseBody({ channel: 'visited' }, { supplier_id: 2 })).toEqual({ supplier_id: 2, channel: 'visited' });
    expect(chaseBody({ channel: 'messaged', promised_date: 'soon' }, { order_id: '5' })).toEqual({ order_id: 5, channel: 'messaged' });
  });
  it('asks for a channel', () => {
    as('en');
    expect(chaseProblems({})).toEqual({ channel: 'Choose how you reached the factory.' });
    expect(chaseProblems({ channel: 'called' })).toEqual({});
    expect(channelText('visited')).toBe('Visited');
  });
  it('shows a slipped promise', () => {
    as('en');
    expect(slippedText({ slipped: true, previous_promised_date: '2026-12-02', promised_date: '2026-12-06' })).toBe('Promised Dec 2, now Dec 6 — slipped again');
    expect(slippedText({ slipped: false, previous_promised_date: '2026-12-06', promised_date: '2026-12-06' })).toBe('');
    as('zh-CN');
    expect(slippedText({ slipped: true, previous_promised_date: '2026-12-02', promised_date: '2026-12-06' })).toBe('承诺 12月2日，现在 12月6日 —— 又推迟了');
  });
  it('makes a local chase that shows its slip at once', () => {
    const now = new Date('2026-12-03T08:00:00Z');
    const c = localChase({ order_id: 5, channel: 'called', promised_date: '2026-12-10' }, { previous: { promised_date: '2026-12-09' }, user: { id: 2, name: 'Li' }, now });
    expect(c).toMatchObject({ local: true, order_id: 5, channel: 'called', previous_promised_date: '2026-12-09', slipped: true, created_by: { id: 2, name: 'Li' } });
    expect(localChase({ order_id: 5, channel: 'called' }, { previous: { promised_date: '2026-12-09' }, now }).slipped).toBe(false);
    expect(localChase({ order_id: 5, channel: 'called', promised_date: '2026-12-08' }, { previous: { promised_date: '2026-12-09' }, now }).slipped).toBe(false);
  });
});

describe('chart geometry', () => {
  it('scales linearly, the middle for an empty domain', () => {
    expect(linear(0, 10, 100, 200)(5)).toBe(150);
    expect(linear(3, 3, 100, 200)(3)).toBe(150);
  });
  it('finds date ranges and ticks', () => {
    expect(dateRange(['2026-12-05', '', null, '2026-11-30', 'x'], 1)).toEqual({ from: '2026-11-29', to: '2026-12-06' });
    expect(dateRange([])).toBe(null);
    expect(dateTicks('2026-12-01', '2026-12-09', 5)).toEqual(['2026-12-01', '2026-12-03', '2026-12-05', '2026-12-07', '2026-12-09']);
    expect(dateTicks('2026-12-01', '2026-12-01')).toEqual(['2026-12-01']);
  });
  it('lays out the timeline: a row per step, today inside, late steps marked', () => {
    const steps = [
      { code: 'cutting', status: 'done', baseline_date: '2026-11-19', planned_date: '2026-11-19', actual_date: '2026-11-21' },
      { code: 'sewing', status: 'in_progress', baseline_date: '2026-11-28', planned_date: '2026-12-01', actual_date: null },
      { code: 'packing', status: 'open', baseline_date: '2026-12-14', planned_date: '2026-12-14', actual_date: null },
    ];
    const t = timeline(steps, '2026-12-03', { left: 100, right: 500, rowH: 20, top: 10 });
    expect(t.range).toEqual({ from: '2026-11-18', to: '2026-12-15' });
    expect(t.rows.map((r) => r.y)).toEqual([20, 40, 60]);
    expect(t.rows[0].actual).toBeGreaterThan(t.rows[0].planned);
    expect(t.rows[1].actual).toBe(null);
    expect(t.rows.map((r) => r.late)).toEqual([false, true, false]);
    expect(t.rows.map((r) => r.slipped)).toEqual([false, true, false]);
    expect(t.today).toBeGreaterThan(t.rows[1].planned);
    expect(t.today).toBeLessThan(t.rows[2].planned);
    expect(t.height).toBe(80);
    for (const r of t.rows) for (const k of ['baseline', 'planned']) expect(r[k]).toBeGreaterThanOrEqual(100), expect(r[k]).toBeLessThanOrEqual(500);
  });
  it('draws the output against the needed line', () => {
    const out = { total: 1000, start_date: '2026-11-01', due_date: '2026-11-11', points: [{ date: '2026-11-06', quantity: 300 }, { date: '2026-11-11', quantity: 600 }] };
    const c = outputChart(out, '2026-11-11', { left: 0, right: 100, top: 0, bottom: 100 });
    expect(c.needed).toEqual({ x1: 0, y1: 100, x2: 100, y2: 0 });
    expect(c.points.map((p) => [p.x, p.y, p.needed])).toEqual([[50, 70, 500], [100, 40, 1000]]);
    expect(c.path).toBe('M50.0,70.0 L100.0,40.0');
    expect(c.today).toBe(100);
    expect(c.yTicks.map((t) => t.v)).toEqual([0, 500, 1000]);
    expect(outputChart(null, '2026-11-11')).toBe(null);
  });
  it('keeps a chart whose start is its due date (and points past it) drawable', () => {
    const out = { total: 2000, start_date: '2026-12-01', due_date: '2026-12-01', points: [{ date: '2026-11-27', quantity: 150 }, { date: '2026-12-03', quantity: 2600 }] };
    const c = outputChart(out, '2026-12-03', { left: 0, right: 60, top: 0, bottom: 100 });
    expect(c.range).toEqual({ from: '2026-11-27', to: '2026-12-03' });
    expect(c.needed.x1).toBe(c.needed.x2);
    expect(c.yTicks[2].v).toBe(2600);
    for (const p of c.points) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    expect(neededOn(out, '2026-11-30')).toBe(0);
    expect(neededOn(out, '2026-12-01')).toBe(2000);
  });
});
