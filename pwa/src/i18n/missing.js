// Keys t() did not find, collected while the unit tests run (a test setup
// file asserts that none were asked for); the production build never
// collects them and stays quiet.
export const missing = [];

export const collectMissing = import.meta.env?.MODE === 'test';

/** vue-i18n's `missing` handler in tests; undefined (no handler) elsewhere. */
export const onMissing = collectMissing
  ? (locale, key) => {
    missing.push(`${locale}: ${key}`);
  }
  : undefined;
