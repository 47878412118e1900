// The scorecard's messages: the same keys and placeholders in both
// languages, and every score.* key the sources name exists.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { scoreMessages } from './messages.js';
import { entryMessages } from './entry.js';
import { i18n } from '../../i18n/index.js';
import { at, itPairsLanguages } from '../../i18n/messageChecks.js';

const merged = (l) => ({ ...scoreMessages[l], ...entryMessages[l] });

describe('scorecard messages', () => {
  itPairsLanguages(merged('zh-CN'), merged('en'));
  it('are merged under score.', () => {
    expect(i18n.global.t('score.parts', { n: 3, d: 4 }, { locale: 'en' })).toBe('3 of 4');
    expect(i18n.global.t('score.title', {}, { locale: 'zh-CN' })).toBe('供应商评分卡');
  });
  it('have a title, hint for every tile', async () => {
    const { TILES } = await import('./score.js');
    for (const l of ['zh-CN', 'en']) for (const tile of TILES) {
      expect(typeof at(merged(l), `tile.${tile.key}.title`), `${l} ${tile.key}`).toBe('string');
      expect(typeof at(merged(l), `tile.${tile.key}.hint`), `${l} ${tile.key}`).toBe('string');
      if (tile.kind === 'average') expect(typeof at(merged(l), `tile.${tile.key}.parts`), `${l} ${tile.key}`).toBe('string');
    }
  });
  it('have every score.* key the sources name', () => {
    const dir = import.meta.dirname;
    const files = readdirSync(dir).filter((f) => /\.(vue|js)$/.test(f) && !f.endsWith('.test.js')).map((f) => join(dir, f));
    files.push(join(dir, '..', '..', 'views', 'Me.vue'), join(dir, '..', '..', 'views', 'staff', 'Suppliers.vue'), join(dir, '..', '..', 'router.js'));
    const bad = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(['`])(score\.[A-Za-z0-9_.-]*)(\1|\$\{)/g)) {
        if (m[3] === '${' || m[2].endsWith('.')) continue; // score.tile.${key}.title: checked per tile above
        for (const l of ['zh-CN', 'en']) if (typeof at({ score: merged(l) }, m[2]) !== 'string') bad.push(`${l} ${f.split('/').pop()}: ${m[2]}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
