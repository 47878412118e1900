// Merchandisers get a side menu on the desktop that collapses into a drawer
// on a phone; the suppliers list loads real data in their language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startGendan, launch, artifacts } from './harness.mjs';

async function signIn(page, base, login) {
  await page.goto(base + '/login');
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('gendan-demo-2026');
  await page.locator('button[type="submit"]').click();
}

test('merchandiser: desktop side menu, phone drawer, suppliers list', async (t) => {
  mkdirSync(artifacts, { recursive: true });
  const app = await startGendan();
  t.after(() => app.stop());
  const browser = await launch();
  t.after(() => browser.close());

  // Desktop: Emma works in English.
  const desk = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(desk, app.base, 'emma.carter@gendan.demo');
  await desk.waitForURL('**/dashboard');
  const menu = desk.getByRole('navigation', { name: 'Menu' });
  for (const label of ['Dashboard', 'Approvals', 'Orders', 'Suppliers', 'Settings']) {
    await menu.getByRole('link', { name: label }).waitFor();
  }
  await menu.getByRole('link', { name: 'Suppliers' }).click();
  await desk.getByText('Hangzhou Jinling Apparel Co., Ltd.').waitFor();
  await desk.getByText('DG-HX').waitFor();
  await desk.screenshot({ path: join(artifacts, '10-staff-suppliers-desktop.png') });

  // Phone: 王丽 works in Chinese; the menu is a drawer behind a button.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await signIn(phone, app.base, 'li.wang@gendan.demo');
  await phone.waitForURL('**/dashboard');
  assert.equal(await phone.getByRole('navigation', { name: '菜单' }).count(), 0, 'no side menu on a phone');
  await phone.getByRole('button', { name: '菜单' }).click();
  await phone.getByRole('navigation', { name: '菜单' }).getByRole('link', { name: '供应商' }).click();
  await phone.getByText('杭州锦绫服饰有限公司').waitFor();
  await phone.screenshot({ path: join(artifacts, '11-staff-suppliers-phone.png') });
});
