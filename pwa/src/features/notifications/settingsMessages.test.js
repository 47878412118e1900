// The settings and robots texts: the same keys and placeholders in both
// languages, translated; a short name for every kind the server sends;
// every nset.* key the screens name exists.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { settingsMessages } from './settingsMessages.js';
import { PLATFORMS, LANGUAGES } from './robotsModel.js';
import { CHANNELS } from './settingsModel.js';
import { i18n } from '../../i18n/index.js';
import codes from '../../i18n/codes.json';
import { itPairsLanguages, missingKeys } from '../../i18n/messageChecks.js';

describe('notification settings messages', () => {
  itPairsLanguages(settingsMessages['zh-CN'], settingsMessages.en);

  it('are merged under nset.', () => {
    expect(i18n.global.t('nset.title', {}, { locale: 'zh-CN' })).toBe('通知设置');
    expect(i18n.global.t('nset.title', {}, { locale: 'en' })).toBe('Notification settings');
  });

  it('name every kind of codes.json, and no other', () => {
    for (const lang of ['zh-CN', 'en']) {
      expect(Object.keys(settingsMessages[lang].kind).sort(), lang).toEqual([...codes.notification].sort());
    }
  });

  it('name every channel, platform and language', () => {
    for (const lang of ['zh-CN', 'en']) {
      const m = settingsMessages[lang];
      for (const ch of CHANNELS) expect(m.channel[ch] && m.channelLong[ch], `${lang} ${ch}`).toBeTruthy();
      for (const p of PLATFORMS) expect(m.robots.platforms[p], `${lang} ${p}`).toBeTruthy();
      for (const l of LANGUAGES) expect(m.robots.languages[l], `${lang} ${l}`).toBeTruthy();
    }
  });

  it('have every nset.* key the sources name', () => {
    const dir = import.meta.dirname;
    const files = readdirSync(dir).filter((f) => /\.(vue|js)$/.test(f) && !f.endsWith('.test.js') && !/messages\.js$/i.test(f)).map((f) => join(dir, f));
    const { bad, seen } = missingKeys('nset', settingsMessages, files);
    expect(seen).toBeGreaterThan(30);
    expect(bad).toEqual([]);
  });

  it('have the error texts the screens show (errors.field.*)', () => {
    for (const locale of ['zh-CN', 'en']) {
      for (const code of ['invalid_clock_time', 'invalid_robot_webhook', 'one_of', 'required']) {
        expect(i18n.global.te(`errors.field.${code}`, locale), `${locale} ${code}`).toBe(true);
      }
    }
  });
});
