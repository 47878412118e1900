// The notification texts: the same keys and placeholders in both
// languages, translated; every kind of the in-app API has its own sentence
// in both, with every placeholder filled from the kind's data; every
// notifications.* key the feature names exists.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { notificationMessages } from './messages.js';
import { bellMessages } from './bellMessages.js';
import { pushMessages } from './pushMessages.js';
import { describe as sentence, KNOWN_KINDS } from './sentence.js';
import { CONTRACT_KINDS, note } from './fixtures.js';
import { i18n } from '../../i18n/index.js';
import codes from '../../i18n/codes.json';
import { itPairsLanguages, missingKeys, flatten, placeholders } from '../../i18n/messageChecks.js';

const g = i18n.global;
const inLocale = (locale) => ({ t: (k, p, n) => (n === undefined ? g.t(k, p || {}, { locale }) : g.t(k, p || {}, { locale, plural: n })), te: (k) => g.te(k, locale), locale });

describe('notification messages', () => {
  itPairsLanguages(notificationMessages['zh-CN'], notificationMessages.en);
  itPairsLanguages(bellMessages['zh-CN'], bellMessages.en);

  it('are merged under notifications.', () => {
    expect(g.t('notifications.title', {}, { locale: 'zh-CN' })).toBe('通知');
    expect(g.t('notifications.bell.unread', { n: 3 }, { locale: 'zh-CN' })).toBe('通知，3 条未读');
    expect(g.t('notifications.bell.unread', { n: 3 }, { locale: 'en' })).toBe('Notifications, 3 unread');
  });

  it('have a sentence for every kind of the contract, and no other', () => {
    expect([...KNOWN_KINDS].sort()).toEqual(Object.keys(CONTRACT_KINDS).sort());
    for (const lang of ['zh-CN', 'en']) {
      const kinds = notificationMessages[lang].kind;
      for (const k of Object.keys(CONTRACT_KINDS)) expect(kinds[k], `${lang} ${k}`).toBeTruthy();
    }
  });

  it('have a sentence for every kind the server sends (codes.json, from models.NotificationKinds)', () => {
    expect(codes.notification.length).toBeGreaterThan(10);
    expect(codes.notification.filter((k) => !KNOWN_KINDS.includes(k))).toEqual([]);
  });

  it('use only the placeholders the sentence builder fills', () => {
    const filled = ['po', 'actor', 'type', 'round', 'date', 'quantity', 'from', 'to', 'reason', 'excerpt', 'channel', 'promised', 'revision', 'step', 'days', 'hours', 'late', 'at_risk', 'material_po', 'item', 'items', 'severity', 'kind', 'amount'];
    for (const lang of ['zh-CN', 'en']) {
      for (const [key, text] of Object.entries(flatten(notificationMessages[lang].kind))) {
        expect(placeholders(text).filter((p) => !filled.includes(p)), `${lang} ${key}`).toEqual([]);
        expect(placeholders(text), `${lang} ${key} names its order`).toContain('po');
      }
    }
  });

  for (const lang of ['zh-CN', 'en']) {
    it(`render every kind (and each of its variants) in ${lang} with all its params filled`, () => {
      const variants = {
        sample_decided: ['approved', 'approved_with_comments', 'rejected'].map((status) => ({ ...CONTRACT_KINDS.sample_decided, status })),
        inspection_result: ['pass', 'fail'].map((result) => ({ ...CONTRACT_KINDS.inspection_result, result })),
        delivery_rescheduled: [CONTRACT_KINDS.delivery_rescheduled, { delivery_id: 5, date: '2026-12-22' }],
        delivery_rejected: [CONTRACT_KINDS.delivery_rejected, { delivery_id: 5, date: '2026-12-20' }],
        chase_logged: [CONTRACT_KINDS.chase_logged, { chase_id: 4, channel: 'messaged' }],
        order_cancelled: [CONTRACT_KINDS.order_cancelled, {}],
        escalated: [CONTRACT_KINDS.escalated, { ...CONTRACT_KINDS.escalated, trigger: 'comment' }],
        material_eta_changed: [CONTRACT_KINDS.material_eta_changed, { ...CONTRACT_KINDS.material_eta_changed, field: 'promised_date' }],
        progress_reported: [CONTRACT_KINDS.progress_reported, { ...CONTRACT_KINDS.progress_reported, done: true },
          { ...CONTRACT_KINDS.progress_reported, quantity: null }],
        capa_changed: ['open', 'done', 'verified'].map((status) => ({ ...CONTRACT_KINDS.capa_changed, status })),
      };
      const texts = new Set();
      for (const kind of Object.keys(CONTRACT_KINDS)) {
        for (const data of variants[kind] || [CONTRACT_KINDS[kind]]) {
          const s = sentence(note(kind, data), inLocale(lang));
          expect(s.known, `${kind} ${JSON.stringify(data)}`).toBe(true);
          expect(s.text, kind).toContain('NW-24035');
          expect(s.text, kind).not.toMatch(/[{}]|undefined|null|NaN/);
          expect(s.text, kind).not.toContain(kind);
          expect(s.icon, kind).toMatch(/^[a-z-]+$/);
          texts.add(s.text);
        }
      }
      expect(texts.size).toBe(43); // every variant says something of its own
    });
  }

  it('have every notifications.* key the sources name', () => {
    const dir = import.meta.dirname;
    const files = readdirSync(dir).filter((f) => /\.(vue|js)$/.test(f) && !f.endsWith('.test.js') && !/messages\.js$/i.test(f)).map((f) => join(dir, f));
    const all = Object.fromEntries(['zh-CN', 'en'].map((l) => [l, { ...notificationMessages[l], ...bellMessages[l], ...pushMessages[l] }]));
    const { bad, seen } = missingKeys('notifications', all, files);
    expect(seen).toBeGreaterThan(15);
    expect(bad).toEqual([]);
  });
});
