// What the factory's material screens share: their messages (merged when
// this chunk loads), error wording, and words for API values.
import { errorText } from '../../../lib/errors.js';
import { formatDate } from '../../../i18n/index.js';
import './factoryMessages.js';

/** A failure in the user's language, the material screens' wording first. */
export const matError = (e) => errorText(e, { prefer: ['matf.errors', 'factory.errors'] });

/** An API word in words (matf.<table>.<value>), or the value itself when this app has no text for it. */
export const word = (t, te, table, value) => (value && te(`matf.${table}.${value}`) ? t(`matf.${table}.${value}`) : value || '');

/** A decimal quantity with its unit: "1,250.5 米" (trailing zeros dropped). */
export function qtyText(value, unit, locale) {
  if (value === null || value === undefined || value === '') return '–';
  const n = Number(value);
  const num = Number.isFinite(n) ? new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n) : String(value);
  return unit ? `${num} ${unit}` : num;
}

export const dateText = (d) => (d ? formatDate(d) : '–');
