// The staff after-sales messages: the same keys and placeholders in both
// languages, translated, every word of the contract named, and every as.*
// key the screens name exists.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { aftersalesMessages } from './messages.js';
import { asNavMessages } from './navMessages.js';
import { i18n } from '../../i18n/index.js';
import { itPairsLanguages, missingKeys } from '../../i18n/messageChecks.js';
import { COMPLAINT_STATUSES, CHANNELS, SEVERITIES, CUSTOMER_REQUESTS, CAPA_STATUSES, CAUSE_CATEGORIES, RESOLUTION_KINDS, COST_BEARERS, RESOLUTION_STATUSES } from './api.js';

describe('after-sales messages', () => {
  itPairsLanguages(aftersalesMessages['zh-CN'], aftersalesMessages.en);
  it('are merged under as.', () => {
    expect(i18n.global.t('as.title', {}, { locale: 'zh-CN' })).toBe('售后');
    expect(i18n.global.t('as.title', {}, { locale: 'en' })).toBe('After-sales');
  });
  it('count days in English', () => {
    const days = (n) => i18n.global.t('as.days', { n }, { locale: 'en', plural: n });
    expect([days(0), days(1), days(5)]).toEqual(['0 days', '1 day', '5 days']);
    expect(i18n.global.t('as.fin.overdue', { n: 1 }, { locale: 'en', plural: 1 })).toBe('1 day overdue');
  });
  it('name every word of the contract', () => {
    for (const m of Object.values(aftersalesMessages)) {
      for (const s of COMPLAINT_STATUSES) expect(m.status[s], s).toBeTruthy();
      for (const s of CHANNELS) expect(m.channel[s], s).toBeTruthy();
      for (const s of SEVERITIES) expect(m.severity[s], s).toBeTruthy();
      for (const s of CUSTOMER_REQUESTS) expect(m.request[s], s).toBeTruthy();
      for (const s of CAPA_STATUSES) expect(m.capaStatus[s], s).toBeTruthy();
      for (const s of CAUSE_CATEGORIES) expect(m.cause[s], s).toBeTruthy();
      for (const s of RESOLUTION_KINDS) expect(m.kind[s] && m.kindSub[s], s).toBeTruthy();
      for (const s of COST_BEARERS) expect(m.bearer[s], s).toBeTruthy();
      for (const s of RESOLUTION_STATUSES) expect(m.resStatus[s], s).toBeTruthy();
    }
  });
  it('have every as.* key the sources name', () => {
    const dir = import.meta.dirname;
    const files = readdirSync(dir).filter((f) => /\.(vue|js)$/.test(f) && !f.endsWith('.test.js') && !/[mM]essages\.js$/.test(f) && f !== 'fixtures.js').map((f) => join(dir, f));
    const { bad, seen } = missingKeys('as', aftersalesMessages, files);
    expect(seen).toBeGreaterThan(10);
    expect(bad).toEqual([]);
  });
});

describe('after-sales link messages (Settings)', () => {
  itPairsLanguages(asNavMessages['zh-CN'], asNavMessages.en);
  it('have every asnav.* key Settings names', () => {
    const { bad, seen } = missingKeys('asnav', asNavMessages, [join(import.meta.dirname, '../../views/staff/Settings.vue')]);
    expect(seen).toBe(5);
    expect(bad).toEqual([]);
  });
});
