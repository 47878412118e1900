// The merchandiser's delivery screens' messages: the same keys and
// placeholders in both languages, translated, and every dstaff.* key these
// screens name exists.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { deliveryStaffMessages } from './staffMessages.js';
import { i18n } from '../../i18n/index.js';
import { itPairsLanguages, missingKeys } from '../../i18n/messageChecks.js';

// This engineer's files (the factory's delivery screens have their own messages).
const FILES = ['staffKit.js', 'staffApi.js', 'DeliveriesCalendar.vue', 'DeliveriesList.vue', 'InvoicePrint.vue', 'Warehouses.vue', 'DeliveryActions.vue', 'DeliveryCard.vue'];

describe('delivery staff messages', () => {
  itPairsLanguages(deliveryStaffMessages['zh-CN'], deliveryStaffMessages.en);
  it('are merged under dstaff.', () => {
    expect(i18n.global.t('dstaff.status.confirmed', {}, { locale: 'zh-CN' })).toBe('已确认');
    expect(i18n.global.t('dstaff.cal.usage', { used: 3, total: 10, cused: 120, ctotal: 800 }, { locale: 'en' })).toBe('Bookings 3/10 · cartons 120/800');
    expect(i18n.global.t('dstaff.cal.bookings', { n: 1 }, { plural: 1, locale: 'en' })).toBe('1 booking');
    expect(i18n.global.t('dstaff.cal.bookings', { n: 3 }, { plural: 3, locale: 'en' })).toBe('3 bookings');
  });
  it('name the nav entries in both languages', () => {
    for (const locale of ['zh-CN', 'en']) {
      expect(i18n.global.te('nav.deliveries', locale), locale).toBe(true);
      expect(i18n.global.te('nav.warehouses', locale), locale).toBe(true);
    }
  });
  it('have every dstaff.* key the screens name', () => {
    const { bad, seen } = missingKeys('dstaff', deliveryStaffMessages, FILES.map((f) => join(import.meta.dirname, f)));
    expect(seen).toBeGreaterThan(100);
    expect(bad).toEqual([]);
  });
});
