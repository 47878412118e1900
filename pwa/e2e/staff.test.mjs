// Merchandisers get a side menu on the desktop that collapses into a drawer
// on a phone; the suppliers list loads real data in their language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shot, PHONE, appFor, browserFor, staffPage } from './harness.mjs';

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
  await desk.getByText('Hangzhou Jinling Apparel Co., Ltd.').waitFor();
  await desk.getByText('DG-HX').waitFor();
  await shot(desk, '10-staff-suppliers-desktop', false);

  // Phone: 王丽 works in Chinese; the menu is a drawer behind a button.
  const phone = await staffPage(browser, app.base, 'li.wang@gendan.demo', PHONE);
  assert.equal(await phone.getByRole('navigation', { name: '菜单' }).count(), 0, 'no side menu on a phone');
  await phone.getByRole('button', { name: '菜单' }).click();
  await phone.getByRole('navigation', { name: '菜单' }).getByRole('link', { name: '供应商' }).click();
  await phone.getByText('杭州锦绫服饰有限公司').waitFor();
  await shot(phone, '11-staff-suppliers-phone', false);
});
