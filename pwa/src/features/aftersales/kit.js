// What the after-sales screens share that needs the app (texts): a refusal
// split onto a form's fields, the form's own checks as texts, money in the locale.
import { i18n } from '../../i18n/index.js';
import { errorText, fieldText } from '../../lib/errors.js';
import { fieldErrors, formatMoney } from './model.js';
import './messages.js';

const g = i18n.global;

/** A failure as one sentence, the staff screens' wording first. */
export const asError = (e) => errorText(e, { prefer: ['staff.errors'] });

/** A server refusal for a form showing `names`: {name: text, …, form: text}. */
export function serverErrors(e, names) {
  const { fields, rest } = fieldErrors(e, names, fieldText);
  let form = '';
  if (rest.length) form = rest.join(g.t('errors.sep'));
  else if (Object.keys(fields).length) form = g.t('as.check.fix');
  else form = asError(e);
  return { ...fields, form };
}

/** The form's own checks ({field: code}) as texts, with the form line when any. */
export function checkTexts(bad) {
  const out = Object.fromEntries(Object.entries(bad).map(([k, code]) => [k, g.t('as.check.' + code)]));
  if (Object.keys(out).length) out.form = g.t('as.check.fix');
  return out;
}

/** Money in the current locale. */
export const money = (amount, currency) => formatMoney(amount, currency, g.locale.value);
