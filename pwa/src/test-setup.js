// Every test file: a message key that t() could not find in the current
// locale (see i18n/missing.js) fails the file.
import { afterAll, expect } from 'vitest';
import { missing } from './i18n/missing.js';
import { loadLocale } from './i18n/index.js';

// The app loads English on demand; the tests read both languages.
await loadLocale('en');

afterAll(() => {
  expect(missing, 'message keys asked for but missing').toEqual([]);
});
