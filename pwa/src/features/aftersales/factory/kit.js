// What the factory's after-sales screens share: their messages (merged when
// this chunk loads), error wording, and words for API values.
import { errorText } from '../../../lib/errors.js';
import { formatDate } from '../../../i18n/index.js';
import './messages.js';

/** A failure in the user's language, the after-sales wording first. */
export const afsError = (e) => errorText(e, { prefer: ['afs.errors', 'factory.errors'] });

/** An API word in words (afs.<table>.<value>), or the value itself when this app has no text for it. */
export const word = (t, te, table, value) => (value && te(`afs.${table}.${value}`) ? t(`afs.${table}.${value}`) : value || '');

export const dateText = (d) => (d ? formatDate(d) : '–');
