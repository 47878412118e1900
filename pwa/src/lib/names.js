// Records the API names in two languages (suppliers, templates, milestones,
// sample types): `name` is the Chinese one, `name_en` the English one, and
// either may be blank.

/** A two-language name in the UI language, the other language or fallback when blank. */
export function pickName(name, nameEn, locale, fallback = '') {
  const en = String(locale || '').startsWith('en');
  return (en ? nameEn || name : name || nameEn) || fallback;
}

/** The display name of a record with name / name_en in the UI language. */
export const localName = (x, locale, fallback = '') => (x ? pickName(x.name, x.name_en, locale, fallback) : fallback);

/** A unit's word in the UI language, when known ("pcs" → "件"); both sides say the same. */
export function unitText(unit, t, te) {
  return unit && te(`factory.units.${unit}`) ? t(`factory.units.${unit}`) : unit || '';
}
