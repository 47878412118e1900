// What the material screens share that needs the app (texts): a refusal
// split onto a form's fields with the app's fieldText/errorText, and the
// form's own checks as texts.
import { i18n } from '../../i18n/index.js';
import { errorText, fieldText } from '../../lib/errors.js';
import { fieldErrors } from './model.js';
import './messages.js';

const g = i18n.global;

/** A failure as one sentence, the staff screens' wording first. */
export const matError = (e) => errorText(e, { prefer: ['staff.errors'] });

/**
 * A server refusal for a form showing `names`: {name: text, …, form: text}
 * — form is the rest, or "correct the marked fields", or the top-level text.
 */
export function serverErrors(e, names) {
  const { fields, rest } = fieldErrors(e, names, fieldText);
  let form = '';
  if (rest.length) form = rest.join(g.t('errors.sep'));
  else if (Object.keys(fields).length) form = g.t('mat.check.fix');
  else form = matError(e);
  return { ...fields, form };
}

/** The form's own checks ({field: key}) as texts, with the form line when any. */
export function checkTexts(bad) {
  const out = Object.fromEntries(Object.entries(bad).map(([k, code]) => [k, g.t('mat.check.' + code)]));
  if (Object.keys(out).length) out.form = g.t('mat.check.fix');
  return out;
}
