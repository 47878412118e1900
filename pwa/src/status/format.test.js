// The status page's pure part: the token, the page's state for each answer,
// dates the reader's way, and the words for statuses and steps.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import {
  tokenFromPath, langOf, dateLocale, formatDay, formatTime, formatNumber, stateOf, statusURL, statusKey, stepState,
  percentOf, waitMinutes, sectionsOf,
} from './format.js';

const TOKEN = 'Qm9vbXNoYWthbGFrYS1hLXRva2VuLW9mLTQzLWNoYXJz'.slice(0, 43);

describe('tokenFromPath', () => {
  it('reads /s/<token>', () => {
    expect(tokenFromPath(`/s/${TOKEN}`)).toBe(TOKEN);
    expect(tokenFromPath(`/s/${TOKEN}/`)).toBe(TOKEN);
    expect(tokenFromPath('/s/abc-_DEF0123456789xyz')).toBe('abc-_DEF0123456789xyz');
  });
  it('refuses anything else', () => {
    for (const p of ['', '/', '/s/', '/s/short', `/s/${TOKEN}/x`, `/x/${TOKEN}`, `/s/${TOKEN.slice(0, 20)}%2F..`, `/s/${TOKEN}.js`]) expect(tokenFromPath(p), p).toBe('');
  });
});

describe('languages', () => {
  it('reduces wishes to en or zh-CN', () => {
    expect(langOf('zh-CN')).toBe('zh-CN');
    expect(langOf('zh-TW')).toBe('zh-CN');
    expect(langOf('zh')).toBe('zh-CN');
    expect(langOf('en-GB')).toBe('en');
    expect(langOf('en')).toBe('en');
    expect(langOf('de-DE')).toBe('');
    expect(langOf(null)).toBe('');
  });
  it('writes English dates in the reader’s first English', () => {
    expect(dateLocale('en', ['de-DE', 'en-GB', 'en-US'])).toBe('en-GB');
    expect(dateLocale('en', ['en-US'])).toBe('en-US');
    expect(dateLocale('en', ['fr-FR', 'de'])).toBe('en');
    expect(dateLocale('en', [])).toBe('en');
    expect(dateLocale('zh-CN', ['en-GB'])).toBe('zh-CN');
  });
});

describe('dates', () => {
  it('formats calendar dates the reader’s way', () => {
    expect(formatDay('2026-12-03', 'en-GB')).toBe('3 Dec 2026');
    expect(formatDay('2026-12-03', 'en-US')).toBe('Dec 3, 2026');
    expect(formatDay('2026-12-03', 'zh-CN')).toBe('2026年12月3日');
    expect(formatDay('', 'en')).toBe('');
    expect(formatDay(null, 'en')).toBe('');
  });
  it('is the same calendar day in every time zone', () => {
    // A date is not a time: no shift to the day before west of UTC.
    expect(formatDay('2027-01-01', 'en-US')).toBe('Jan 1, 2027');
  });
  it('formats times on the reader’s clock', () => {
    expect(formatTime('2026-12-03T09:12:00Z', 'en-GB', 'UTC')).toBe('3 Dec 2026, 09:12');
    expect(formatTime('2026-12-03T09:12:00Z', 'en-US', 'UTC').replace(/\s/g, ' ')).toBe('Dec 3, 2026, 9:12 AM');
    expect(formatTime('2026-12-03T09:12:00Z', 'zh-CN', 'Asia/Shanghai')).toBe('2026年12月3日 17:12');
    expect(formatTime('', 'en')).toBe('');
    expect(formatTime('not a time', 'en')).toBe('');
  });
  it('formats numbers', () => {
    expect(formatNumber(1200, 'en-US')).toBe('1,200');
    expect(formatNumber(null, 'en')).toBe('');
  });
});

describe('stateOf', () => {
  const order = { language: 'en', po_number: 'NW-24035', status: 'on_track' };
  it('is ready with the order', () => {
    expect(stateOf(200, order)).toEqual({ state: 'ready', data: order });
  });
  it('tells the refusals apart', () => {
    expect(stateOf(404, { error: { code: 'not_found' } })).toEqual({ state: 'not_found' });
    expect(stateOf(410, { error: { code: 'link_expired' } })).toEqual({ state: 'expired' });
    expect(stateOf(410, null)).toEqual({ state: 'expired' });
    expect(stateOf(429, { error: { code: 'rate_limited' } }, '42')).toEqual({ state: 'rate_limited', retryAfter: 42 });
    expect(stateOf(429, null, null)).toEqual({ state: 'rate_limited', retryAfter: 0 });
    expect(stateOf(429, null, 'soon')).toEqual({ state: 'rate_limited', retryAfter: 0 });
  });
  it('is an error for anything else', () => {
    expect(stateOf(500, { error: { code: 'internal_error' } })).toEqual({ state: 'error' });
    expect(stateOf(200, null)).toEqual({ state: 'error' }); // not JSON (an app shell, a proxy page)
    expect(stateOf(200, { items: [] })).toEqual({ state: 'error' });
    expect(stateOf(502, null)).toEqual({ state: 'error' });
  });
  it('waits whole minutes', () => {
    expect(waitMinutes(0)).toBe(0);
    expect(waitMinutes(5)).toBe(1);
    expect(waitMinutes(60)).toBe(1);
    expect(waitMinutes(61)).toBe(2);
  });
});

describe('the rest', () => {
  it('asks the API in a language when one is chosen', () => {
    expect(statusURL(TOKEN, '')).toBe(`/api/v1/public/status/${TOKEN}`);
    expect(statusURL(TOKEN, 'zh-CN')).toBe(`/api/v1/public/status/${TOKEN}?lang=zh-CN`);
  });
  it('knows the statuses and step states', () => {
    for (const s of ['on_track', 'needs_attention', 'delayed', 'completed', 'cancelled']) expect(statusKey(s)).toBe(s);
    expect(statusKey('at_risk')).toBe('unknown');
    for (const s of ['done', 'in_progress', 'not_started', 'skipped']) expect(stepState(s)).toBe(s);
    expect(stepState('open')).toBe('not_started');
  });
  it('keeps percents in 0..100', () => {
    expect(percentOf(55.4)).toBe(55);
    expect(percentOf(130)).toBe(100);
    expect(percentOf(-3)).toBe(0);
    expect(percentOf(null)).toBe(0);
    expect(percentOf('x')).toBe(0);
  });
  it('lists the sections present', () => {
    expect(sectionsOf({ progress: [], inspection: null })).toEqual(['progress', 'inspection']);
    expect(sectionsOf(null)).toEqual([]);
  });
});
