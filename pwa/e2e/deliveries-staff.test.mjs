// The merchandiser's side of deliveries, against the real server: an admin
// creates a warehouse through the API and the factory books three
// deliveries on one of its orders; the merchandiser opens the calendar from
// the menu, finds the week, confirms one booking, reschedules another with
// a reason (its history shows), is told a full day's next free days and
// takes one, rejects the third; the list filters by status; the commercial
// invoice shows the order's price (and the factory cannot open it); the
// admin creates a warehouse with a closed weekday and a closure in the
// Warehouses screen, after a refused duplicate code; and the calendar on a
// phone stacks its week and picks days in its month.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiLogin, inDays, appFor, browserFor, staffPage, signIn, shot, PHONE } from './harness.mjs';

/** A JSON API call with a bearer token (and an Idempotency-Key on writes). */
async function call(base, token, method, path, body) {
  const headers = { Authorization: `Bearer ${token}` };
  if (body) {
    headers['Content-Type'] = 'application/json';
    headers['Idempotency-Key'] = `e2e-${Math.random().toString(36).slice(2)}`;
  }
  const res = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  let json = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: json };
}

const weekdayOf = (iso) => new Date(iso + 'T00:00:00Z').getUTCDay();

/** The first day at least `from` days ahead that is a Monday to Friday (so the next day is in the same week and not a Sunday). */
function workday(from) {
  for (let n = from; ; n++) {
    const d = inDays(n);
    if (weekdayOf(d) >= 1 && weekdayOf(d) <= 5) return { n, date: d, next: inDays(n + 1) };
  }
}

/** A warehouse (closed on Sundays) and three bookings by the factory on NW-24017, all on one workday. */
async function setUp(base) {
  const admin = await apiLogin(base, 'admin@gendan.demo');
  const chen = await apiLogin(base, 'chen@jinling.demo');
  const wh = await call(base, admin.access_token, 'POST', '/api/v1/warehouses', {
    code: 'E2E-SH', name: '上海测试仓', address: '上海市浦东新区 1 号', time_zone: 'Asia/Shanghai',
    capacity: { bookings: 3, cartons: 500 }, closed_weekdays: [0], closures: [],
  });
  assert.equal(wh.status, 201, JSON.stringify(wh.body));
  const orders = await call(base, chen.access_token, 'GET', '/api/v1/orders?q=NW-24017');
  const orderId = orders.body.items[0].id;
  const order = await call(base, chen.access_token, 'GET', `/api/v1/orders/${orderId}`);
  const line = order.body.lines[0];
  const day = workday(3);
  const ids = [];
  for (const qty of [10, 20, 30]) {
    const r = await call(base, chen.access_token, 'POST', `/api/v1/orders/${orderId}/deliveries`, {
      warehouse_id: wh.body.id, date: day.date, lines: [{ colour: line.colour, size: line.size, quantity: qty }],
      cartons: 2, cbm: 0.2, gross_kg: 22, net_kg: 20, transport_mode: 'sea', cargo_ready_date: inDays(1), note: 'e2e',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(r.body.actions.includes('confirm'), false, 'the factory cannot confirm');
    ids.push(r.body.id);
  }
  return { admin, chen, wh: wh.body, orderId, line, day, ids };
}

test('merchandiser: the delivery calendar — confirm, reschedule with a reason (slot_full offers free days), reject; list, invoice; admin warehouses; phone', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const { admin, chen, wh, orderId, line, day, ids } = await setUp(app.base);
  const [id1, id2, id3] = ids;
  const li = await apiLogin(app.base, 'li.wang@gendan.demo');

  // From the menu to the calendar, then to the bookings' week.
  const m = await staffPage(browser, app.base, 'li.wang@gendan.demo');
  await m.getByRole('navigation', { name: '菜单' }).getByRole('link', { name: '出货' }).click();
  await m.waitForURL('**/deliveries**');
  await m.locator('select[name="warehouse_id"]').selectOption(String(wh.id));
  await m.locator('.day.today').waitFor();
  const theDay = m.locator(`.day[data-date="${day.date}"]`);
  for (let i = 0; i < 3 && !(await theDay.count()); i++) {
    const before = await m.getByTestId('cal-period').textContent();
    await m.getByTestId('cal-next').click();
    await m.waitForFunction((b) => document.querySelector('[data-testid="cal-period"]')?.textContent !== b, before);
  }
  await theDay.locator(`[data-delivery="${id1}"]`).waitFor();
  await theDay.getByTestId('day-usage').getByText('预约 3/3 · 箱 6/500').waitFor();
  await theDay.getByText('已约满').first().waitFor();
  const sunday = m.locator('.day').nth(6);
  await sunday.getByTestId('day-closed').getByText('每周休息日').waitFor();
  const card1 = m.locator(`[data-delivery="${id1}"]`);
  await card1.getByText('NW-24017').waitFor();
  await card1.getByText('杭州锦绫服饰有限公司').waitFor();
  await card1.getByText('10 件').waitFor();
  await card1.getByText('2 箱').waitFor();
  await card1.getByTestId('delivery-status').getByText('待确认').waitFor();
  await shot(m, '90-deliveries-calendar-week');

  // Confirm the first.
  await card1.getByTestId('dlv-confirm').click();
  await card1.getByTestId('delivery-status').getByText('已确认').waitFor();
  assert.equal(await card1.getByTestId('dlv-confirm').count(), 0, 'no confirm button once confirmed');
  assert.equal((await call(app.base, li.access_token, 'GET', `/api/v1/deliveries/${id1}`)).body.status, 'confirmed');

  // Reschedule the second to the next day, with the reason.
  const dialog = m.getByTestId('dlv-dialog');
  await m.locator(`[data-delivery="${id2}"]`).getByTestId('dlv-reschedule').click();
  await dialog.locator('input[name="date"]').fill(day.next);
  await dialog.getByRole('button', { name: '改期' }).click();
  await dialog.getByText('请写明原因。').waitFor(); // no reason: not sent
  await dialog.locator('input[name="reason"]').fill('码头排满');
  await dialog.getByRole('button', { name: '改期' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const moved = m.locator(`.day[data-date="${day.next}"] [data-delivery="${id2}"]`);
  await moved.getByTestId('delivery-history').getByText(/码头排满/).waitFor();
  await m.locator(`.day[data-date="${day.date}"]`).getByTestId('day-usage').getByText('预约 2/3 · 箱 4/500').waitFor();
  const d2 = (await call(app.base, li.access_token, 'GET', `/api/v1/deliveries/${id2}`)).body;
  assert.equal(d2.date, day.next);
  assert.equal(d2.dates.at(-1).reason, '码头排满');
  assert.equal(d2.dates.at(-1).from, day.date);

  // One booking a day from now: the next day is full; the refusal offers the free days.
  const cap = await call(app.base, admin.access_token, 'PATCH', `/api/v1/warehouses/${wh.id}`, { capacity: { bookings: 1, cartons: 500 } });
  assert.equal(cap.status, 200, JSON.stringify(cap.body));
  await m.reload();
  await card1.getByTestId('dlv-reschedule').click();
  await dialog.locator('input[name="date"]').fill(day.next);
  await dialog.locator('input[name="reason"]').fill('客户要求提前');
  await dialog.getByRole('button', { name: '改期' }).click();
  await dialog.getByTestId('dlv-dialog-error').getByText(/已约满/).waitFor();
  const free = dialog.getByTestId('dlv-next-free').locator('button');
  await free.first().waitFor();
  await shot(m, '91-deliveries-slot-full', false);
  const freeDay = await free.first().getAttribute('data-date');
  assert.ok(freeDay && freeDay !== day.next && freeDay !== day.date, `a free day other than the full ones: ${freeDay}`);
  await free.first().click();
  assert.equal(await dialog.locator('input[name="date"]').inputValue(), freeDay);
  await dialog.getByRole('button', { name: '改期' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal((await call(app.base, li.access_token, 'GET', `/api/v1/deliveries/${id1}`)).body.date, freeDay);

  // Reject the third, with the reason.
  const card3 = m.locator(`[data-delivery="${id3}"]`);
  await card3.getByTestId('dlv-reject').click();
  await dialog.locator('input[name="reason"]').fill('数量与订单不符');
  await dialog.getByRole('button', { name: '拒绝' }).click();
  await card3.getByTestId('delivery-status').getByText('已拒绝').waitFor();
  await card3.getByText('拒绝原因：数量与订单不符').waitFor();
  assert.equal(await card3.getByTestId('dlv-reject').count(), 0);

  // The month view: the day picked shows its bookings.
  await m.locator('[data-view="month"]').click();
  await m.locator(`.cell[data-date="${day.next}"]`).click();
  await m.getByTestId('cal-day').locator(`[data-delivery="${id2}"]`).waitFor();
  await shot(m, '92-deliveries-calendar-month');

  // The list, filtered by status; each row links to its order.
  await m.goto(`${app.base}/deliveries/list?status=rejected`);
  await m.locator(`[data-delivery="${id3}"]`).waitFor();
  assert.equal(await m.locator(`[data-delivery="${id1}"]`).count(), 0, 'the confirmed one is filtered out');
  await m.locator('select[name="status"]').selectOption('');
  await m.locator(`[data-delivery="${id1}"]`).waitFor();
  assert.equal(await m.locator(`[data-delivery="${id1}"] a[href="/orders/${orderId}"]`).count(), 1);
  await shot(m, '93-deliveries-list');

  // The commercial invoice: the order's price and the total, seller and buyer.
  const order = (await call(app.base, li.access_token, 'GET', `/api/v1/orders/${orderId}`)).body;
  assert.ok(order.unit_price, 'the demo order has a price');
  await m.goto(`${app.base}/deliveries/${id1}/invoice`);
  const invoice = m.getByTestId('invoice');
  await invoice.getByTestId('invoice-price').first().waitFor();
  const price = Number(order.unit_price);
  const priceText = await invoice.getByTestId('invoice-price').first().textContent();
  assert.match(priceText, new RegExp(price.toFixed(2).replace('.', '\\.')), priceText);
  const totalText = await invoice.getByTestId('invoice-total').textContent();
  assert.match(totalText, new RegExp((price * 10).toFixed(2).replace('.', '\\.')), totalText);
  await invoice.getByTestId('invoice-seller').getByText('杭州锦绫服饰有限公司').waitFor();
  await invoice.getByTestId('invoice-buyer').getByText(order.customer.name).waitFor();
  await invoice.getByTestId('invoice-draft').waitFor(); // not shipped: booked quantities
  await invoice.getByRole('button', { name: 'English' }).click();
  await invoice.getByRole('heading', { name: 'Commercial invoice' }).waitFor();
  await shot(m, '94-deliveries-invoice');

  // Once shipped, the invoice has the shipped lines, and the cartons and weights of the packing list.
  assert.equal((await call(app.base, li.access_token, 'POST', `/api/v1/deliveries/${id2}/confirm`, {})).status, 200);
  const shipped = await call(app.base, chen.access_token, 'POST', `/api/v1/deliveries/${id2}/ship`, {
    date: inDays(0), carrier: 'COSCO', tracking_no: 'BL-E2E-1', container_no: 'CSNU1234567', seal_no: 'S-9',
    packing_list: { cartons: [{ from: 1, to: 2, colour: line.colour, size: line.size, pieces: 10, net_kg: 5, gross_kg: 5.5, length_cm: 60, width_cm: 40, height_cm: 40 }] },
  });
  assert.equal(shipped.status, 200, JSON.stringify(shipped.body));
  await m.goto(`${app.base}/deliveries/${id2}/invoice`);
  await invoice.getByTestId('invoice-total').waitFor();
  assert.equal(await invoice.getByTestId('invoice-draft').count(), 0, 'shipped: no draft note');
  assert.match(await invoice.getByTestId('invoice-total').textContent(), new RegExp((price * 20).toFixed(2).replace('.', '\\.')));
  await invoice.getByText('BL-E2E-1').waitFor();
  await invoice.getByText('0.192 m³').waitFor(); // 2 × 0.6 × 0.4 × 0.4
  await invoice.getByText('11.00 kg').waitFor();

  // The factory never reaches the invoice.
  const f = await browser.newPage(PHONE);
  await signIn(f, app.base, 'chen@jinling.demo');
  await f.waitForURL('**/orders');
  await f.goto(`${app.base}/deliveries/${id1}/invoice`);
  await f.waitForURL('**/orders');
  assert.equal(await f.getByTestId('invoice').count(), 0);
  assert.equal((await call(app.base, chen.access_token, 'GET', `/api/v1/orders/${orderId}`)).body.unit_price, undefined, 'no price for the factory');

  // The admin creates a warehouse closed on Saturdays and Sundays, with a closure.
  const a = await staffPage(browser, app.base, 'admin@gendan.demo');
  await a.goto(`${app.base}/warehouses`);
  await a.locator('[data-warehouse="E2E-SH"]').waitFor();
  await a.getByTestId('wh-new').click();
  const sheet = a.getByTestId('warehouse-sheet');
  await sheet.locator('input[name="code"]').fill('E2E-SH'); // taken
  await sheet.locator('input[name="name"]').fill('宁波仓');
  await sheet.locator('input[name="address"]').fill('宁波市北仑区 8 号');
  await sheet.locator('input[name="capacity.bookings"]').fill('8');
  await sheet.locator('input[name="capacity.cartons"]').fill('600');
  await sheet.locator('input[name="closed_6"]').check();
  await sheet.getByTestId('wh-add-closure').click();
  await sheet.locator('input[name="closures.0.from"]').fill('2027-02-05');
  await sheet.locator('input[name="closures.0.to"]').fill('2027-02-13');
  await sheet.locator('input[name="closures.0.reason"]').fill('春节');
  await sheet.getByTestId('warehouse-submit').click();
  await a.locator('#wh-code-err').filter({ hasText: /\S/ }).waitFor(); // the 422 at its field
  await sheet.locator('input[name="code"]').fill('NB-DC');
  await sheet.getByTestId('warehouse-submit').click();
  await sheet.waitFor({ state: 'hidden' });
  const created = a.locator('[data-warehouse="NB-DC"]');
  await created.waitFor();
  await created.getByText('宁波仓').waitFor();
  await created.getByText('春节').waitFor();
  await shot(a, '95-warehouses-admin');
  const all = (await call(app.base, admin.access_token, 'GET', '/api/v1/warehouses?all=true')).body.items;
  const nb = all.find((w) => w.code === 'NB-DC');
  assert.deepEqual([...nb.closed_weekdays].sort(), [0, 6]);
  assert.deepEqual(nb.closures, [{ from: '2027-02-05', to: '2027-02-13', reason: '春节' }]);
  assert.deepEqual(nb.capacity, { bookings: 8, cartons: 600, cbm: null });
  // Edit it: capacity and off.
  await created.getByTestId('wh-edit').click();
  await sheet.locator('input[name="capacity.bookings"]').fill('12');
  await sheet.locator('input[name="active"]').uncheck();
  await sheet.getByTestId('warehouse-submit').click();
  await sheet.waitFor({ state: 'hidden' });
  await created.locator('.van-tag', { hasText: /停用|Inactive/ }).waitFor();
  const edited = (await call(app.base, admin.access_token, 'GET', '/api/v1/warehouses?all=true')).body.items.find((w) => w.code === 'NB-DC');
  assert.equal(edited.capacity.bookings, 12);
  assert.equal(edited.active, false);

  // A merchandiser sees the warehouses but cannot edit them.
  await m.goto(`${app.base}/warehouses`);
  await m.locator('[data-warehouse="E2E-SH"]').waitFor();
  assert.equal(await m.getByTestId('wh-new').count(), 0);
  assert.equal(await m.getByTestId('wh-edit').count(), 0);

  // On a phone: the week stacks into a list of days; the month picks a day.
  const p = await staffPage(browser, app.base, 'li.wang@gendan.demo', PHONE);
  await p.goto(`${app.base}/deliveries?w=${wh.id}&d=${day.next}`);
  await p.locator(`[data-delivery="${id2}"]`).waitFor();
  const boxes = await p.locator('.day').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width })));
  assert.equal(boxes.length, 7);
  for (let i = 1; i < 7; i++) {
    assert.ok(Math.abs(boxes[i].x - boxes[0].x) < 1, 'one column');
    assert.ok(boxes[i].y > boxes[i - 1].y, 'days under each other');
  }
  assert.ok(boxes[0].w > 300, `a day spans the phone: ${boxes[0].w}`);
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px)`);
  await p.locator(`[data-delivery="${id2}"]`).getByTestId('delivery-status').getByText('已出货').waitFor();
  assert.equal(await p.locator(`[data-delivery="${id2}"]`).getByRole('button').count(), 0, 'a shipped booking offers no staff action here');
  await shot(p, '96-deliveries-calendar-phone');
  await p.locator('[data-view="month"]').click();
  await p.locator(`.cell[data-date="${day.next}"]`).click();
  await p.getByTestId('cal-day').locator(`[data-delivery="${id2}"]`).waitFor();
  const overflowMonth = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflowMonth <= 0, `no sideways scrolling in the month (${overflowMonth}px)`);
  await shot(p, '97-deliveries-month-phone');
});
