// Chat-group robots as a form (/notifications/robots): the request body
// from the form's state, and a blank form. The webhook and secret live only
// in the form until it is sent, then the form is blanked (the server never
// returns them either). Pure functions, tested in robotsModel.test.js.
export const PLATFORMS = ['wecom', 'dingtalk', 'feishu'];
export const LANGUAGES = ['zh-CN', 'en'];

/** Platforms whose robots sign their messages with a secret. */
export const SIGNED = ['dingtalk', 'feishu'];

/** The team's robot (no supplier) in the staff's supplier select. */
export const TEAM = 'team';

export function blankRobot(language = 'zh-CN') {
  return { name: '', platform: 'wecom', webhook: '', secret: '', language: LANGUAGES.includes(language) ? language : 'zh-CN', allEvents: true, events: [], supplier: TEAM };
}

/**
 * The POST body. staff: the supplier select counts (TEAM → null); a
 * factory user's robot is always its own supplier's, so supplier_id is
 * left out. The secret is sent only for platforms that sign.
 */
export function robotBody(form, { staff = false } = {}) {
  const body = {
    name: String(form.name || '').trim(),
    platform: form.platform,
    webhook: String(form.webhook || '').trim(),
    language: form.language,
    events: form.allEvents ? [] : [...new Set(form.events)].sort(),
  };
  const secret = String(form.secret || '').trim();
  if (SIGNED.includes(form.platform) && secret) body.secret = secret;
  if (staff) body.supplier_id = form.supplier === TEAM || form.supplier === '' || form.supplier == null ? null : Number(form.supplier);
  return body;
}

/** Field problems the screen can see before sending ({field: {code}}). */
export function checkRobot(form, { staff = false } = {}) {
  const e = {};
  if (!String(form.name || '').trim()) e.name = { code: 'required' };
  if (!String(form.webhook || '').trim()) e.webhook = { code: 'required' };
  if (!form.allEvents && !form.events.length) e.events = { code: 'required' };
  if (staff && form.supplier === '') e.supplier_id = { code: 'required' };
  return e;
}

/** Forgets what must not be kept: the webhook and the secret (and the rest: a blank form). */
export function clearRobot(form, language) {
  Object.assign(form, blankRobot(language ?? form.language));
}
