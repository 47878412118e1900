// Supplier scorecards (issue 14): a merchandiser opens a supplier's
// scorecard from the supplier list on a desktop and widens the period to
// the demo orders' dates (an empty year first); the factory opens its own from the Me screen on
// a phone. axe finds no critical or serious violation on either, in both
// languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, api, apiLogin, inDays, shot, signIn, until, appFor, browserFor, PHONE, DESK } from './harness.mjs';

/** Moves the demo order's ex-factory date a week later (one date change). */
async function moveDate(base, po) {
  const { access_token: token } = await apiLogin(base, 'li.wang@gendan.demo');
  const list = await api(base, token, 'GET', `/api/v1/orders?q=${po}`);
  const o = list.body.items[0];
  const d = new Date(o.ex_factory_date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + 7);
  const res = await api(base, token, 'PATCH', `/api/v1/orders/${o.id}`, { ex_factory_date: d.toISOString().slice(0, 10) });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

const tile = (page, key) => page.getByTestId('tile-' + key);

/** A merchandiser signed in on a desktop, in a context of its own (axe needs one). */
async function staffDesk(t, browser, base, locale) {
  const ctx = await browser.newContext({ ...DESK, locale });
  t.after(() => ctx.close());
  const page = await ctx.newPage();
  await signIn(page, base, 'li.wang@gendan.demo');
  await page.waitForURL('**/dashboard');
  return page;
}

test('scorecard: a merchandiser on a desktop, the factory on a phone, axe in both languages', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const errors = [];
  const found = [];
  await moveDate(app.base, 'NW-24017');
  const later = inDays(200);
  const earlier = inDays(-300);

  // The merchandiser (Chinese): Suppliers → the factory's scorecard.
  const page = await staffDesk(t, browser, app.base, 'zh-CN');
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(app.base + '/suppliers');
  const row = page.locator('.van-cell', { hasText: 'HZ-JL' });
  await row.getByRole('link', { name: /评分卡/ }).click();
  await page.waitForURL(/\/suppliers\/\d+\/scorecard$/);
  await page.getByTestId('scorecard').waitFor();
  await page.locator('.period').waitFor();
  // A year before the demo data: nothing was due.
  await page.locator('input[name="from"]').fill('2020-01-01');
  await page.locator('input[name="to"]').fill('2020-12-31');
  await page.getByTestId('scorecard-empty').waitFor();
  found.push(...(await axe(page, 'staff-zh-empty')));

  await page.locator('input[name="from"]').fill(earlier);
  await page.locator('input[name="to"]').fill(later);
  await page.waitForURL((u) => u.searchParams.get('to') === later && u.searchParams.get('from') === earlier);
  await tile(page, 'on_time_baseline').waitFor();
  assert.match(await page.locator('h1').textContent(), /锦绫/);
  assert.match(await tile(page, 'on_time_baseline').textContent(), /(\d+(\.\d)?%|—)\s*\d+ \/ \d+/);
  assert.match(await tile(page, 'date_changes').textContent(), /[1-9]\d* 次 \/ \d+ 单/);
  assert.equal(await page.getByTestId('trend').getAttribute('role'), 'img');
  assert.ok((await page.locator('[data-testid="trend"] text.month').count()) >= 6, 'month labels under the bars');
  found.push(...(await axe(page, 'staff-zh')));

  // An end before the start is said at the picker.
  await page.locator('input[name="from"]').fill(inDays(300));
  await page.getByTestId('range-error').waitFor();
  assert.match(await page.getByTestId('range-error').textContent(), /结束日期/);
  await page.getByRole('button', { name: '近 12 个月' }).click();
  await page.waitForURL((u) => !u.searchParams.get('from') && !u.searchParams.get('to'));
  await until(async () => !(await page.getByTestId('range-error').count()), 'the range error cleared');

  // The factory (Chinese) on a phone: Me → 我的评分卡.
  const ctx = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  t.after(() => ctx.close());
  const fp = await ctx.newPage();
  fp.on('pageerror', (e) => errors.push(e.message));
  await signIn(fp, app.base, 'chen@jinling.demo');
  await fp.waitForURL('**/orders');
  await fp.goto(app.base + '/me');
  await fp.getByTestId('my-scorecard').click();
  await fp.waitForURL('**/scorecard');
  await fp.locator('.period').waitFor();
  assert.match(await fp.locator('h1').textContent(), /我的评分卡/);
  await fp.locator('input[name="from"]').fill(earlier);
  await fp.locator('input[name="to"]').fill(later);
  await tile(fp, 'reporting').waitFor();
  const width = await fp.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling on a phone (${width}px)`);
  found.push(...(await axe(fp, 'factory-zh')));
  // Another supplier's scorecard is not found for a factory user.
  const own = await apiLogin(app.base, 'chen@jinling.demo');
  const other = await apiLogin(app.base, 'huang@huaxing.demo');
  const res = await api(app.base, own.access_token, 'GET', `/api/v1/suppliers/${other.user.supplier_id}/scorecard`);
  assert.equal(res.status, 404);

  // English: the other factory on a phone, the merchandiser's page switched.
  const ectx = await browser.newContext({ ...PHONE, locale: 'en-US' });
  t.after(() => ectx.close());
  const ep = await ectx.newPage();
  ep.on('pageerror', (e) => errors.push(e.message));
  await api(app.base, other.access_token, 'PATCH', '/api/v1/me', { locale: 'en' });
  await signIn(ep, app.base, 'huang@huaxing.demo');
  await ep.waitForURL('**/orders');
  await ep.goto(app.base + `/scorecard?to=${later}`);
  await tile(ep, 'on_time_latest').waitFor();
  assert.match(await ep.locator('h1').textContent(), /My scorecard/);
  assert.match(await tile(ep, 'on_time_latest').textContent(), /On time \(latest date\)/);
  found.push(...(await axe(ep, 'factory-en')));

  const staff = await apiLogin(app.base, 'li.wang@gendan.demo');
  await api(app.base, staff.access_token, 'PATCH', '/api/v1/me', { locale: 'en' });
  const sp = await staffDesk(t, browser, app.base, 'en-US');
  sp.on('pageerror', (e) => errors.push(e.message));
  await sp.goto(app.base + `/suppliers/${own.user.supplier_id}/scorecard?to=${later}`);
  await tile(sp, 'fri_first_pass').waitFor();
  assert.match(await sp.getByTestId('trend').getAttribute('aria-label'), /On-time delivery per ex-factory month/);
  found.push(...(await axe(sp, 'staff-en')));

  assert.deepEqual(found, [], found.join('\n'));
  assert.deepEqual(errors, []);
});
