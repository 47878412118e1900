// The factory after-sales screens' messages: the same keys and placeholders
// in both languages, every afs.* key the sources name exists, and every API
// word the screens show (statuses, severities, kinds, causes) has a text.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afsMessages } from './messages.js';
import { i18n } from '../../../i18n/index.js';
import { itPairsLanguages, missingKeys } from '../../../i18n/messageChecks.js';
import { CAUSES, COMPLAINT_STATUSES, CAPA_STATUSES, SEVERITIES } from './model.js';

describe('factory after-sales messages', () => {
  itPairsLanguages(afsMessages['zh-CN'], afsMessages.en, /^售后 After-sales$/);
  it('are merged under afs.', () => {
    expect(i18n.global.t('afs.status.verified', {}, { locale: 'zh-CN' })).toBe('已验证');
    expect(i18n.global.t('afs.rework.reworked', { n: 3, total: 30 }, { locale: 'en' })).toBe('3 of 30 pcs reworked');
  });
  it('name every API word the screens show', () => {
    for (const lang of ['zh-CN', 'en']) {
      const m = afsMessages[lang];
      for (const s of [...COMPLAINT_STATUSES, ...CAPA_STATUSES, 'cancelled']) expect(m.status[s], `${lang} status.${s}`).toBeTruthy();
      for (const s of SEVERITIES) expect(m.severity[s], `${lang} severity.${s}`).toBeTruthy();
      for (const c of CAUSES) {
        expect(m.cause[c], `${lang} cause.${c}`).toBeTruthy();
        expect(m.causeHint[c], `${lang} causeHint.${c}`).toBeTruthy();
      }
      for (const k of ['concession', 'rework', 'reproduction', 'discount', 'return']) expect(m.kind[k], `${lang} kind.${k}`).toBeTruthy();
      for (const b of ['factory', 'buyer', 'shared']) expect(m.bearer[b], `${lang} bearer.${b}`).toBeTruthy();
    }
  });
  it('have every afs.* key the sources name', () => {
    const dir = import.meta.dirname;
    const files = readdirSync(dir).filter((f) => /\.(vue|js)$/.test(f) && !f.endsWith('.test.js') && f !== 'messages.js');
    const { bad, seen } = missingKeys('afs', afsMessages, files.map((x) => join(dir, x)));
    expect(bad).toEqual([]);
    expect(seen).toBeGreaterThan(40);
  });
});
