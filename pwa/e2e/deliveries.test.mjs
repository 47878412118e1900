// Deliveries on phones (issue 13): the factory books the last free slot of
// a warehouse day; a second booking for that day, from another phone that
// still showed it free, is refused with a clear message and the next free
// days, and is rebooked with one tap; the merchandiser confirms on the
// order page; the factory ships with a packing list entered on the phone
// (same as previous, a mismatch shown then fixed) and prints it; the
// merchandiser sees the balance. And a booking queued with no signal that
// comes back slot_full says so and offers the next free days.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, apiLogin, countRequests, inDays, signIn, shot, appFor, browserFor, openFactoryOrder, pickOption, until, PHONE, DESK } from './harness.mjs';

/** An admin makes a warehouse that takes one booking a day, open every day. */
async function oneSlotWarehouse(base, code) {
  const admin = await apiLogin(base, 'admin@gendan.demo');
  const res = await api(base, admin.access_token, 'POST', '/api/v1/warehouses', {
    code, name: `单口仓 ${code}`, address: '上海市浦东新区测试路 1 号', time_zone: 'Asia/Shanghai',
    capacity: { bookings: 1, cartons: 500 }, closed_weekdays: [], closures: [],
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** The factory's order NW-24017 through the API: {id, lines}. */
async function order(base, token) {
  const list = await api(base, token, 'GET', '/api/v1/orders?q=NW-24017');
  assert.equal(list.status, 200, JSON.stringify(list.body));
  const o = await api(base, token, 'GET', `/api/v1/orders/${list.body.items[0].id}`);
  return o.body;
}

/** Opens the booking sheet, picks the warehouse and the day; resolves the sheet. */
async function openBooking(page, warehouse, date) {
  await page.getByTestId('deliv-book').click();
  const sheet = page.getByTestId('deliv-book-sheet');
  await sheet.waitFor();
  await pickOption(sheet.locator('select[name="warehouse_id"]'), warehouse.name);
  const day = sheet.locator(`[data-testid="deliv-calendar"] [data-date="${date}"]`);
  await day.waitFor();
  assert.equal(await day.isEnabled(), true, `${date} can be booked`);
  assert.match(await day.getByTestId('day-label').textContent(), /还可预约 1 单/);
  await day.click();
  assert.equal(await day.getAttribute('aria-pressed'), 'true');
  return sheet;
}

/**
 * Fills 100 pieces on the first line that has some left to book (the
 * others empty) and 5 cartons; resolves that line ("colour/size").
 */
async function fillQuantities(sheet) {
  const qty = sheet.locator('input[data-line]');
  const values = await qty.evaluateAll((els) => els.map((e) => e.value));
  assert.ok(values.length >= 1, 'a quantity per colour/size line');
  const i = values.findIndex((v) => /^\d+$/.test(v));
  assert.ok(i >= 0, `prefilled with what is left to book: ${values}`);
  for (let j = 0; j < values.length; j++) await qty.nth(j).fill('');
  await qty.nth(i).fill('100');
  await sheet.locator('input[name="cartons"]').fill('5');
  await sheet.locator('[data-mode="truck"]').click();
  return qty.nth(i).getAttribute('data-line');
}

test('deliveries: the last slot of a day, a refused second booking rebooked, confirm, ship with a packing list, the balance', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const errors = [];
  const wh = await oneSlotWarehouse(app.base, 'E2E-ONE');
  const day = inDays(4);

  // Two phones of the factory open the booking sheet: both see one slot left on the day.
  const phones = [];
  for (let i = 0; i < 2; i++) {
    const ctx = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
    t.after(() => ctx.close());
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    phones.push(page);
  }
  const [f, g] = phones;
  const orderId = await openFactoryOrder(f, app.base);
  await openFactoryOrder(g, app.base);
  await f.getByTestId('order-deliveries').waitFor();
  const sheetF = await openBooking(f, wh, day);
  const line = await fillQuantities(sheetF);
  const sheetG = await openBooking(g, wh, day);
  await fillQuantities(sheetG);
  await shot(f, '90-deliv-book-sheet', false);

  // The first takes the last slot.
  await sheetF.getByTestId('deliv-book-submit').click();
  await sheetF.waitFor({ state: 'hidden' });
  const chen = await apiLogin(app.base, 'chen@jinling.demo');
  const li = await apiLogin(app.base, 'li.wang@gendan.demo');
  const first = (await api(app.base, chen.access_token, 'GET', `/api/v1/orders/${orderId}/deliveries`)).body.items.find((x) => x.date === day);
  assert.ok(first, 'booked on the day');
  assert.equal(first.status, 'requested');
  assert.equal(first.quantity, 100);
  assert.equal(first.cartons, 5);
  assert.equal(first.transport_mode, 'truck');
  const rowF = f.locator(`[data-delivery="${first.id}"]`);
  await rowF.getByText('待确认').waitFor();

  // The day is full now: the server refuses another booking, naming the next free days.
  const again = await api(app.base, li.access_token, 'POST', `/api/v1/orders/${orderId}/deliveries`,
    { warehouse_id: wh.id, date: day, lines: [{ colour: first.lines[0].colour, size: first.lines[0].size, quantity: 1 }], cartons: 1 });
  assert.equal(again.status, 409, JSON.stringify(again.body));
  assert.equal(again.body.error.code, 'slot_full');
  assert.ok(again.body.error.params.next_free, 'the next free days are named');

  // The second phone still showed the day free: its booking is refused, said clearly, with the next free days.
  await sheetG.getByTestId('deliv-book-submit').click();
  const full = sheetG.getByTestId('deliv-slot-full');
  await full.waitFor();
  assert.match(await full.innerText(), /已经约满/);
  const next = full.getByTestId('deliv-next-free');
  await next.first().waitFor();
  const offered = await next.evaluateAll((els) => els.map((e) => e.dataset.date));
  assert.ok(offered.length >= 1 && offered.every((d) => d > day), `later days offered: ${offered}`);
  // The calendar was read again: the day is greyed out now.
  const dayG = sheetG.locator(`[data-testid="deliv-calendar"] [data-date="${day}"]`);
  await until(async () => (await dayG.getAttribute('data-state')) === 'full', 'the day shows full');
  assert.equal(await dayG.isDisabled(), true);
  assert.match(await dayG.getByTestId('day-label').textContent(), /已约满/);
  await shot(g, '91-deliv-slot-full', false);
  // One tap books the first of them.
  await next.first().click();
  await sheetG.waitFor({ state: 'hidden' });
  const second = await until(async () => (await api(app.base, chen.access_token, 'GET', `/api/v1/orders/${orderId}/deliveries`)).body.items.find((x) => x.date === offered[0]), 'the rebooked delivery');
  assert.equal(second.status, 'requested');
  assert.equal(second.quantity, 100);

  // The merchandiser confirms the first on the staff order page.
  const desk = await browser.newContext({ ...DESK, locale: 'zh-CN' });
  t.after(() => desk.close());
  const s = await desk.newPage();
  s.on('pageerror', (e) => errors.push(e.message));
  await signIn(s, app.base, 'li.wang@gendan.demo');
  await s.waitForURL('**/dashboard');
  await s.goto(`${app.base}/orders/${orderId}`);
  const rowS = s.getByTestId('staff-deliveries').locator(`[data-delivery="${first.id}"]`);
  await rowS.getByTestId('deliv-confirm').click();
  const dlg = s.getByTestId('deliv-dialog');
  await dlg.waitFor();
  await dlg.locator('.van-dialog__confirm').click();
  await rowS.getByText('已确认').waitFor();
  assert.equal((await api(app.base, li.access_token, 'GET', `/api/v1/deliveries/${first.id}`)).body.status, 'confirmed');

  // The factory ships it, with a packing list typed on the phone.
  await f.reload();
  await rowF.getByText('已确认').waitFor();
  await rowF.getByTestId('deliv-ship').click();
  const ship = f.getByTestId('deliv-ship-sheet');
  await ship.waitFor();
  await ship.locator('input[name="carrier"]').fill('顺丰物流');
  await ship.locator('input[name="tracking_no"]').fill('SF1234567890');
  await ship.locator('input[name="container_no"]').fill('MSKU1234565');
  await ship.locator('input[name="seal_no"]').fill('SEAL-778');
  const ranges = ship.getByTestId('packing-range');
  assert.equal(await ranges.count(), 1, 'one range to start with');
  const r0 = ranges.nth(0);
  assert.equal(await r0.locator('select').inputValue(), line.replace('/', '\u0000'), 'the booked line is chosen');
  await r0.locator('input[name="cartons[0].to"]').fill('3');
  await r0.locator('input[name="cartons[0].to"]').press('Tab');
  await r0.locator('input[name="cartons[0].pieces"]').fill('20');
  await r0.locator('input[name="cartons[0].net_kg"]').fill('10');
  await r0.locator('input[name="cartons[0].gross_kg"]').fill('11.5');
  await r0.locator('input[name="cartons[0].length_cm"]').fill('60');
  await r0.locator('input[name="cartons[0].width_cm"]').fill('40');
  await r0.locator('input[name="cartons[0].height_cm"]').fill('40');
  assert.match(await r0.getByTestId('range-totals').innerText(), /0\.096 m³/);
  // Same as previous: cartons 4–6 alike; 120 packed against 100 booked is marked.
  await ship.getByTestId('packing-same').click();
  assert.equal(await ranges.count(), 2);
  assert.equal(await ranges.nth(1).locator('input[name="cartons[1].to"]').inputValue(), '6');
  assert.equal(await ranges.nth(1).locator('input[name="cartons[1].pieces"]').inputValue(), '20');
  const byLine = ship.locator(`[data-testid="packing-line"][data-line="${line}"]`);
  assert.match(await byLine.getAttribute('class'), /bad/);
  assert.match(await byLine.innerText(), /多 20/);
  await shot(f, '92-deliv-packing-mismatch', false);
  // Two cartons in the second range: 3 × 20 + 2 × 20 = 100.
  await ranges.nth(1).locator('input[name="cartons[1].to"]').fill('5');
  await ranges.nth(1).locator('input[name="cartons[1].to"]').press('Tab');
  assert.doesNotMatch(await byLine.getAttribute('class') || '', /bad/);
  assert.match(await ship.getByTestId('packing-totals').innerText(), /合计 5 箱 · 100 件/);
  await ship.getByTestId('deliv-ship-submit').click();
  await ship.waitFor({ state: 'hidden' });
  const shipped = await until(async () => {
    const d = (await api(app.base, chen.access_token, 'GET', `/api/v1/deliveries/${first.id}`)).body;
    return d.status === 'shipped' && d;
  }, 'the delivery shipped');
  assert.equal(shipped.shipment.quantity, 100);
  assert.equal(shipped.shipment.tracking_no, 'SF1234567890');
  assert.equal(shipped.shipment.container_no, 'MSKU1234565');
  assert.equal(shipped.packing.totals.cartons, 5);
  assert.deepEqual(shipped.packing.cartons.map((r) => [r.from, r.to]), [[1, 3], [4, 5]]);
  await rowF.getByTestId('deliv-shipment').waitFor();
  const o = (await api(app.base, li.access_token, 'GET', `/api/v1/orders/${orderId}`)).body;
  assert.equal(o.status, 'partially_shipped');
  await f.reload();
  await f.getByText('分批出货').first().waitFor();

  // The printable packing list.
  await rowF.getByTestId('deliv-print').click();
  await f.waitForURL(new RegExp(`/deliveries/${first.id}/packing-list$`));
  const print = f.getByTestId('packing-print');
  await print.getByTestId('print-po').getByText('NW-24017').waitFor();
  assert.equal(await print.getByTestId('print-range').count(), 2);
  assert.match(await print.getByTestId('print-totals').innerText(), /100/);
  await f.emulateMedia({ media: 'print' });
  assert.equal(await f.locator('.van-tabbar').isVisible(), false, 'no app chrome in print');
  assert.equal(await print.getByTestId('print').isVisible(), false, 'no buttons in print');
  await shot(f, '93-deliv-packing-print');
  await f.emulateMedia({ media: 'screen' });

  // The merchandiser sees the balance on the order page.
  const summary = (await api(app.base, li.access_token, 'GET', `/api/v1/orders/${orderId}/deliveries`)).body.summary;
  assert.equal(summary.shipped, 100);
  assert.equal(summary.balance, summary.ordered - 100);
  await s.reload();
  const sum = s.getByTestId('staff-deliveries').getByTestId('deliv-summary');
  await sum.waitFor();
  const fmt = (n) => new Intl.NumberFormat('zh-CN').format(n);
  assert.equal((await sum.getByTestId('deliv-balance').innerText()).trim(), fmt(summary.balance));
  assert.equal((await sum.getByTestId('deliv-shipped').innerText()).trim(), fmt(100));
  await shot(s, '94-deliv-staff-balance');

  // The warehouse takes in two pieces fewer: the receipt shows the difference.
  await rowS.getByTestId('deliv-receive').click();
  await dlg.waitFor();
  await dlg.locator('input[name^="received-"]').first().fill('98');
  await dlg.locator('.van-dialog__confirm').click();
  await rowS.getByTestId('deliv-discrepancies').getByText(/-2/).waitFor();
  assert.equal((await api(app.base, li.access_token, 'GET', `/api/v1/deliveries/${first.id}`)).body.status, 'received');

  // The merchandiser moves the second booking, with a reason the factory reads.
  const avail = (await api(app.base, li.access_token, 'GET', `/api/v1/warehouses/${wh.id}/availability`)).body.days;
  const later = avail.find((d) => d.date > offered[0] && !d.full && !d.closed && !d.past).date;
  const rowS2 = s.getByTestId('staff-deliveries').locator(`[data-delivery="${second.id}"]`);
  await rowS2.getByTestId('deliv-reschedule').click();
  await dlg.waitFor();
  await dlg.locator('input[name="date"]').fill(later);
  await dlg.locator('input[name="reason"]').fill('码头检修');
  await dlg.locator('.van-dialog__confirm').click();
  await rowS2.getByText('码头检修').waitFor();
  await f.goto(`${app.base}/orders/${orderId}`);
  await f.locator(`[data-delivery="${second.id}"]`).getByText('码头检修').waitFor();
  assert.equal((await api(app.base, chen.access_token, 'GET', `/api/v1/deliveries/${second.id}`)).body.date, later);
  assert.deepEqual(errors, [], 'no uncaught errors in the pages');
});

test('deliveries: a booking queued with no signal that comes back slot_full says so and offers the next free days', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const errors = [];
  const wh = await oneSlotWarehouse(app.base, 'E2E-OFF');
  const day = inDays(5);

  const ctx = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  t.after(() => ctx.close());
  const f = await ctx.newPage();
  f.on('pageerror', (e) => errors.push(e.message));
  const orderId = await openFactoryOrder(f, app.base);
  await f.getByTestId('order-deliveries').waitFor();
  const sheet = await openBooking(f, wh, day);
  await fillQuantities(sheet);

  // No signal: the booking waits in the outbox.
  await ctx.setOffline(true);
  await sheet.getByTestId('deliv-book-submit').click();
  await sheet.waitFor({ state: 'hidden' });
  const pending = f.getByTestId('deliv-pending');
  await pending.getByText('等待发送').waitFor();

  // Meanwhile the merchandiser takes the day's only slot.
  const li = await apiLogin(app.base, 'li.wang@gendan.demo');
  const o = await order(app.base, li.access_token);
  const taken = await api(app.base, li.access_token, 'POST', `/api/v1/orders/${orderId}/deliveries`,
    { warehouse_id: wh.id, date: day, lines: [{ colour: o.lines.at(-1).colour, size: o.lines.at(-1).size, quantity: 10 }], cartons: 1 });
  assert.equal(taken.status, 201, JSON.stringify(taken.body));

  // Back online: the outbox sends it, the server answers slot_full.
  await ctx.setOffline(false);
  const refused = pending.getByTestId('deliv-refused');
  await refused.waitFor({ timeout: 30_000 });
  assert.match(await refused.innerText(), /已约满/);
  const rebook = pending.getByTestId('deliv-rebook');
  await rebook.first().waitFor();
  const offered = await rebook.evaluateAll((els) => els.map((e) => e.dataset.date));
  assert.ok(offered.length >= 1 && offered.every((d) => d > day), `later days offered: ${offered}`);
  await shot(f, '95-deliv-offline-slot-full');

  // One tap rebooks on the first of them.
  await rebook.first().click();
  const chen = await apiLogin(app.base, 'chen@jinling.demo');
  const mine = await until(async () => (await api(app.base, chen.access_token, 'GET', `/api/v1/orders/${orderId}/deliveries`)).body.items
    .find((x) => x.warehouse.id === wh.id && x.date === offered[0]), 'the booking on the day offered');
  assert.equal(mine.quantity, 100);
  assert.equal(mine.status, 'requested');
  const row = f.locator(`[data-delivery="${mine.id}"]`);
  await row.waitFor();
  await until(async () => (await pending.count()) === 0, 'the refused booking gone');

  // Before it ships, the factory saves a packing list that is short by one carton: the row says so.
  await row.getByTestId('deliv-pack').click();
  const pack = f.getByTestId('deliv-pack-sheet');
  await pack.waitFor();
  const r0 = pack.getByTestId('packing-range').first();
  await r0.locator('input[name="cartons[0].to"]').fill('4');
  await r0.locator('input[name="cartons[0].to"]').press('Tab');
  for (const [k, v] of [['pieces', '20'], ['net_kg', '9'], ['gross_kg', '10'], ['length_cm', '50'], ['width_cm', '40'], ['height_cm', '30']]) {
    await r0.locator(`input[name="cartons[0].${k}"]`).fill(v);
  }
  await pack.getByTestId('packing-line').filter({ hasText: '少 20' }).waitFor();
  await pack.getByTestId('deliv-pack-submit').click();
  await pack.waitFor({ state: 'hidden' });
  const saved = await until(async () => {
    const d = (await api(app.base, chen.access_token, 'GET', `/api/v1/deliveries/${mine.id}`)).body;
    return d.packing.cartons.length && d;
  }, 'the packing list saved');
  assert.equal(saved.packing.totals.pieces, 80);
  assert.equal(saved.packing.totals.cbm, 0.24);
  assert.deepEqual(saved.packing.mismatches.map((m) => [m.packed, m.expected]), [[80, 100]]);
  await row.getByText('装箱单有 1 个颜色/尺码与数量不符').waitFor();

  // The list goes out as xlsx and comes back in: a fifth carton added on the computer.
  await row.getByTestId('deliv-pack').click();
  await pack.waitFor();
  assert.equal(await pack.getByTestId('packing-range').count(), 1, 'the saved list');
  const [download] = await Promise.all([f.waitForEvent('download'), pack.getByTestId('packing-export').click()]);
  assert.match(download.suggestedFilename(), /^packing-list-NW-24017-\d+\.xlsx$/);
  const file = join(mkdtempSync(join(tmpdir(), 'gendan-e2e-xlsx-')), download.suggestedFilename());
  await download.saveAs(file);
  await pack.getByTestId('packing-file').setInputFiles({ name: 'bad.xlsx', mimeType: 'text/plain', buffer: Buffer.from('not a workbook') });
  await pack.getByRole('alert').filter({ hasText: /Excel/ }).waitFor();
  await pack.getByTestId('packing-file').setInputFiles(file);
  const importPath = `/api/v1/deliveries/${mine.id}/packing-list/import`;
  await until(() => countRequests(app.output(), 'POST', importPath, 200) === 1, 'the list imported');
  assert.equal(await pack.getByTestId('packing-range').count(), 1);
  assert.equal(await pack.locator('input[name="cartons[0].to"]').inputValue(), '4');
  assert.equal((await api(app.base, chen.access_token, 'GET', `/api/v1/deliveries/${mine.id}`)).body.packing.totals.pieces, 80);
  await pack.getByRole('button', { name: '关闭', exact: true }).click();
  assert.deepEqual(errors, [], 'no uncaught errors in the page');
});
