// The English texts, a chunk of their own: loaded (index.js loadLocale)
// only when the UI switches to English, so a Chinese phone's first paint
// does not carry a second copy of every message.
import vant from 'vant/es/locale/lang/en-US';
import app from './en.js';
import factory from './factory.en.js';
import errors from './errors.en.js';

export const messages = { ...app, errors, factory };
export const vantMessages = vant;
