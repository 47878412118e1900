// The escalation ladder and failed sends texts: the same keys and
// placeholders in both languages, translated; every nadmin.* key the
// screens, the router and the staff settings page name exists; the error
// texts the ladder's refusals need exist; the kinds come from nset.kind.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { adminMessages } from './adminMessages.js';
import { settingsMessages } from './settingsMessages.js';
import { STAFF_ROLES } from './adminModel.js';
import { i18n } from '../../i18n/index.js';
import { itPairsLanguages, missingKeys } from '../../i18n/messageChecks.js';

const dir = import.meta.dirname;

describe('notification admin messages', () => {
  itPairsLanguages(adminMessages['zh-CN'], adminMessages.en);

  it('are merged under nadmin.', () => {
    expect(i18n.global.t('nadmin.escalation.title', {}, { locale: 'zh-CN' })).toBe('升级规则');
    expect(i18n.global.t('nadmin.escalation.title', {}, { locale: 'en' })).toBe('Escalation ladder');
    expect(i18n.global.t('nadmin.failures.title', {}, { locale: 'zh-CN' })).toBe('发送失败');
    expect(i18n.global.t('nadmin.failures.queued', {}, { locale: 'zh-CN' })).toBe('已重新排队');
  });

  it('have every nadmin.* key the sources name', () => {
    const files = ['EscalationPage.vue', 'FailuresPage.vue', 'adminModel.js'].map((f) => join(dir, f))
      .concat([join(dir, '..', '..', 'router.js'), join(dir, '..', '..', 'views', 'staff', 'Settings.vue')]);
    const { bad, seen } = missingKeys('nadmin', adminMessages, files);
    expect(seen).toBeGreaterThan(30);
    expect(bad).toEqual([]);
  });

  it('name every channel of a failed send and every role a step may name', () => {
    for (const lang of ['zh-CN', 'en']) {
      for (const ch of ['email', 'webpush', 'chat']) expect(adminMessages[lang].failures.channels[ch], `${lang} ${ch}`).toBeTruthy();
      for (const r of STAFF_ROLES) expect(adminMessages[lang].escalation.roles[r], `${lang} ${r}`).toBeTruthy();
    }
  });

  it('do not copy the kinds’ names (they are nset.kind.*)', () => {
    for (const lang of ['zh-CN', 'en']) expect(JSON.stringify(adminMessages[lang])).not.toContain(settingsMessages[lang].kind.comment_added);
  });

  it('have the error texts of the ladder’s and the retry’s refusals', () => {
    for (const locale of ['zh-CN', 'en']) {
      for (const code of ['out_of_range', 'not_after_previous', 'nobody_to_tell', 'too_many', 'not_staff', 'required']) {
        expect(i18n.global.te(`errors.field.${code}`, locale) || i18n.global.te(`errors.bare.${code}`, locale), `${locale} ${code}`).toBe(true);
      }
      expect(i18n.global.te('errors.code.send_not_failed', locale), locale).toBe(true);
    }
  });
});
