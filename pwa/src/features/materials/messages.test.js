// The staff material messages: the same keys and placeholders in both
// languages, translated, and every mat.* key the screens name exists.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { materialMessages } from './messages.js';
import { i18n } from '../../i18n/index.js';
import { itPairsLanguages, missingKeys } from '../../i18n/messageChecks.js';
import { CATEGORIES, SOURCED_BY, PO_STATUSES, DELAY_REASONS, HANDLINGS, LINE_STATUSES, PO_ACTIONS } from './api.js';
import { RIGHTS } from './model.js';

describe('material messages', () => {
  itPairsLanguages(materialMessages['zh-CN'], materialMessages.en, /^(\{po\} · \{customer\}|—)$/);
  it('are merged under mat.', () => {
    expect(i18n.global.t('mat.title', {}, { locale: 'zh-CN' })).toBe('物料');
    expect(i18n.global.t('mat.title', {}, { locale: 'en' })).toBe('Materials');
  });
  it('name every word of the contract', () => {
    for (const m of Object.values(materialMessages)) {
      for (const c of CATEGORIES) expect(m.category[c], c).toBeTruthy();
      for (const s of SOURCED_BY) expect(m.sourced[s], s).toBeTruthy();
      for (const s of PO_STATUSES) expect(m.status[s], s).toBeTruthy();
      for (const r of DELAY_REASONS) expect(m.reason[r], r).toBeTruthy();
      for (const h of HANDLINGS) expect(m.handling[h], h).toBeTruthy();
      for (const s of LINE_STATUSES) expect(m.lineStatus[s], s).toBeTruthy();
      for (const a of PO_ACTIONS) expect(m.act[a], a).toBeTruthy();
      for (const r of RIGHTS) expect(m.score.right[r], r).toBeTruthy();
    }
  });
  it('have every mat.* key the sources name', () => {
    const dir = import.meta.dirname;
    const files = readdirSync(dir).filter((f) => /\.(vue|js)$/.test(f) && !f.endsWith('.test.js') && !/[mM]essages\.js$/.test(f) && f !== 'fixtures.js').map((f) => join(dir, f));
    const { bad, seen } = missingKeys('mat', materialMessages, files);
    expect(seen).toBeGreaterThan(10);
    expect(bad).toEqual([]);
  });
});

describe('material link messages (Settings)', async () => {
  const { matNavMessages } = await import('./navMessages.js');
  itPairsLanguages(matNavMessages['zh-CN'], matNavMessages.en);
  it('have every matnav.* key Settings names', () => {
    const { bad, seen } = missingKeys('matnav', matNavMessages, [join(import.meta.dirname, '../../views/staff/Settings.vue')]);
    expect(seen).toBe(5);
    expect(bad).toEqual([]);
  });
});
