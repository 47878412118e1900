// The production order sheet (生产单/流程卡): the factory opens it from its
// order on a phone, in Chinese; the merchandiser prints it and the order
// page without the app's chrome, prices or internal notes; another factory
// cannot open it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appFor, browserFor, PHONE, apiLogin, openFactoryOrder, staffPage, signIn, shot } from './harness.mjs';

test('production sheet: factory opens it, staff print it without prices, another factory cannot', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const { access_token: tok } = await apiLogin(app.base, 'li.wang@gendan.demo');
  const api = async (path) => (await fetch(app.base + path, { headers: { Authorization: `Bearer ${tok}` } })).json();
  const list = await api('/api/v1/orders?q=NW-24017');
  const staffOrder = await api(`/api/v1/orders/${list.items[0].id}`);

  // The factory, on a phone, in Chinese.
  const f = await browser.newPage(PHONE);
  const id = await openFactoryOrder(f, app.base);
  assert.equal(id, staffOrder.id);
  await f.getByTestId('open-sheet').click();
  await f.waitForURL(`**/orders/${id}/sheet`);
  const sheet = f.getByTestId('production-sheet');
  await sheet.getByRole('heading', { name: '生产单 / 流程卡' }).waitFor();
  assert.equal(await f.getByTestId('sheet-po').innerText(), 'NW-24017');
  assert.equal((await f.getByTestId('sheet-total').innerText()).trim(), String(staffOrder.total_quantity));
  await sheet.getByText('跟单计划（T&A）').waitFor();
  await f.emulateMedia({ media: 'print' });
  assert.equal(await f.locator('.van-tabbar').isVisible(), false, 'the tab bar is not printed');
  assert.equal(await f.locator('.van-nav-bar').first().isVisible(), false, 'the nav bar is not printed');
  assert.equal(await f.getByTestId('print').isVisible(), false, 'the print button is not printed');
  await shot(f, '90-production-sheet-factory-print');

  // The merchandiser: the sheet and the order page, as printed.
  const m = await staffPage(browser, app.base, 'li.wang@gendan.demo');
  await m.goto(`${app.base}/orders/${id}/sheet`);
  await m.getByTestId('sheet-po').waitFor();
  await m.emulateMedia({ media: 'print' });
  const sheetText = await m.getByTestId('production-sheet').innerText();
  const price = String(Number(staffOrder.unit_price)); // 18.6500 → "18.65", as screens write it
  assert.ok(staffOrder.unit_price && staffOrder.internal_notes, 'the demo order has a price and internal notes');
  for (const secret of [price, staffOrder.internal_notes]) {
    assert.ok(!sheetText.includes(secret), `the sheet shows ${secret}`);
  }
  await m.emulateMedia({ media: 'screen' });
  await m.goto(`${app.base}/orders/${id}`);
  await m.getByTestId('status').waitFor();
  assert.ok((await m.locator('body').innerText()).includes(price), 'on screen the staff see the price');
  await m.emulateMedia({ media: 'print' });
  const printed = await m.locator('body').innerText();
  assert.equal(await m.locator('.staff .side').isVisible(), false, 'the side menu is not printed');
  assert.equal(await m.getByTestId('open-sheet').isVisible(), false, 'the buttons are not printed');
  assert.ok(!printed.includes(staffOrder.internal_notes), 'internal notes are printed');
  assert.ok(!printed.includes(price), 'the unit price is printed');
  assert.equal(await m.locator('.compose').isVisible(), false, 'the comment box is printed');
  await shot(m, '91-staff-order-print');

  // Another factory: the order is not theirs.
  const other = await browser.newPage(PHONE);
  await signIn(other, app.base, 'lin@huaxing.demo');
  await other.waitForURL('**/orders');
  await other.goto(`${app.base}/orders/${id}/sheet`);
  await other.getByText('生产单载入失败').waitFor();
  assert.equal(await other.getByTestId('sheet-po').count(), 0);
});
