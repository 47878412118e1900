// The factory material screens' messages: the same keys and placeholders
// in both languages, every matf.* key the sources name exists, and every
// API word the screens show (statuses, reasons, handlings) has a text.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { matfMessages } from './factoryMessages.js';
import { i18n } from '../../../i18n/index.js';
import { itPairsLanguages, missingKeys } from '../../../i18n/messageChecks.js';
import { PO_STATUSES, HANDLINGS, CATEGORIES, LINE_STATUSES, READINESS, REASONS, REASON_GROUPS } from './model.js';
import { QUICK } from './fourPoint.js';

describe('factory material messages', () => {
  itPairsLanguages(matfMessages['zh-CN'], matfMessages.en, /^(\{\w+\}[\s·:]*)+$|^AQL$/);
  it('are merged under matf.', () => {
    expect(i18n.global.t('matf.poStatus.shipped', {}, { locale: 'zh-CN' })).toBe('已发货');
    expect(i18n.global.t('matf.per100', { n: '40.01' }, { locale: 'en' })).toBe('40.01 points per 100 sq yd');
    expect(i18n.global.t('matf.fp.points', { n: 1 }, { plural: 1, locale: 'en' })).toBe('1 point');
  });
  it('name every API word the screens show', () => {
    for (const lang of ['zh-CN', 'en']) {
      const m = matfMessages[lang];
      for (const s of PO_STATUSES) expect(m.poStatus[s], `${lang} poStatus.${s}`).toBeTruthy();
      for (const h of HANDLINGS) expect(m.handling[h], `${lang} handling.${h}`).toBeTruthy();
      for (const c of CATEGORIES) expect(m.category[c], `${lang} category.${c}`).toBeTruthy();
      for (const s of LINE_STATUSES) expect(m.lineStatus[s], `${lang} lineStatus.${s}`).toBeTruthy();
      for (const s of READINESS) expect(m.readiness[s], `${lang} readiness.${s}`).toBeTruthy();
      for (const r of REASONS) expect(m.reason[r], `${lang} reason.${r}`).toBeTruthy();
      for (const g of REASON_GROUPS) expect(m.cause[g.cause], `${lang} cause.${g.cause}`).toBeTruthy();
      for (const q of QUICK) expect((q.hole ? m.fp.hole : m.fp.band)[q.id], `${lang} quick ${q.id}`).toBeTruthy();
    }
  });
  it('have every matf.* key the sources name', () => {
    const dir = import.meta.dirname;
    const files = readdirSync(dir).filter((f) => /\.(vue|js)$/.test(f) && !f.endsWith('.test.js') && f !== 'factoryMessages.js');
    const more = [join(dir, '..', '..', '..', 'views', 'factory', 'OrderDetail.vue')];
    const { bad, seen } = missingKeys('matf', matfMessages, [...files.map((x) => join(dir, x)), ...more]);
    expect(bad).toEqual([]);
    expect(seen).toBeGreaterThan(100);
  });
});
