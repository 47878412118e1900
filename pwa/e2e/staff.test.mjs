// Merchandisers get a side menu on the desktop that collapses into a drawer
// on a phone; the suppliers list loads real data in their language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { shot, PHONE, appFor, browserFor, staffPage, apiLogin, signIn } from './harness.mjs';

test('merchandiser: desktop side menu, phone drawer, suppliers list', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);

  // Desktop: Emma works in English.
  const desk = await staffPage(browser, app.base, 'emma.carter@gendan.demo');
  const menu = desk.getByRole('navigation', { name: 'Menu' });
  for (const label of ['Dashboard', 'Approvals', 'Orders', 'Suppliers', 'Settings']) {
    await menu.getByRole('link', { name: label }).waitFor();
  }
  await menu.getByRole('link', { name: 'Suppliers' }).click();
  // The dashboard names suppliers too (its filter and table): wait for the
  // suppliers screen itself before looking for a name.
  await desk.waitForURL('**/suppliers');
  await desk.getByText('Hangzhou Jinling Apparel Co., Ltd.').waitFor();
  await desk.getByText('DG-HX').waitFor();
  await shot(desk, '10-staff-suppliers-desktop', false);

  // Phone: 王丽 works in Chinese; the menu is a drawer behind a button.
  const phone = await staffPage(browser, app.base, 'li.wang@gendan.demo', PHONE);
  assert.equal(await phone.getByRole('navigation', { name: '菜单' }).count(), 0, 'no side menu on a phone');
  await phone.getByRole('button', { name: '菜单' }).click();
  await phone.getByRole('navigation', { name: '菜单' }).getByRole('link', { name: '供应商' }).click();
  await phone.waitForURL('**/suppliers');
  await phone.getByText('杭州锦绫服饰有限公司').waitFor();
  await shot(phone, '11-staff-suppliers-phone', false);
});

test('admin: consent to reduced inspection for a supplier on a phone; merchandisers see it', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  // axe needs a page of its own context (not browser.newPage).
  const ctx = await browser.newContext(PHONE);
  t.after(() => ctx.close());
  const admin = await ctx.newPage();
  await signIn(admin, app.base, 'admin@gendan.demo');
  await admin.waitForURL('**/dashboard');
  await admin.goto(`${app.base}/suppliers`);
  const sw = admin.getByRole('switch', { name: /Allow reduced inspection for Hangzhou Jinling/ });
  await sw.waitFor();
  assert.equal(await sw.getAttribute('aria-checked'), 'false');
  await sw.click();
  await admin.locator('.van-toast').filter({ hasText: 'Saved' }).waitFor();
  await shot(admin, '12-admin-suppliers-reduced', false);
  await admin.locator('.van-toast').waitFor({ state: 'hidden' });
  await admin.waitForTimeout(400);
  const { violations } = await new AxeBuilder({ page: admin }).analyze();
  const bad = violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], 'axe on the admin suppliers screen');
  const { access_token: tok } = await apiLogin(app.base, 'admin@gendan.demo');
  const list = await (await fetch(`${app.base}/api/v1/suppliers`, { headers: { Authorization: `Bearer ${tok}` } })).json();
  assert.equal(list.items.find((s) => s.code === 'HZ-JL').reduced_inspection_allowed, true, 'the server holds the consent');
  assert.equal(list.items.find((s) => s.code === 'DG-HX').reduced_inspection_allowed, false);

  const merch = await staffPage(browser, app.base, 'li.wang@gendan.demo', PHONE);
  await merch.goto(`${app.base}/suppliers`);
  await merch.getByText('允许放宽检验').waitFor();
  assert.equal(await merch.getByRole('switch').count(), 0, 'only admins give the consent');
});
