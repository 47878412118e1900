// Accessibility: axe-core on the main pages, in both languages, must find
// no critical and no serious violation. Factory pages on a phone, staff
// pages on a desktop. On failure every violation is listed (page, rule,
// impact, the elements' selectors) so it can be fixed from the message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { axe, apiLogin, qcLogin, root, shot, signIn, pickOption, PHONE, DESK, appFor, browserFor } from './harness.mjs';

const jpg = readFileSync(join(root, 'pwa', 'e2e', 'fixtures', 'photo.jpg'));

/** A factory round waiting for review on the order, submitted through the API. */
async function pendingSample(base, login, po) {
  const { access_token: token } = await apiLogin(base, login);
  const auth = { Authorization: `Bearer ${token}` };
  const orders = await (await fetch(`${base}/api/v1/orders?q=${po}`, { headers: auth })).json();
  const orderId = orders.items[0].id;
  const form = new FormData();
  form.append('file', new Blob([jpg], { type: 'image/jpeg' }), 'photo.jpg');
  const up = await fetch(`${base}/api/v1/photos`, { method: 'POST', headers: auth, body: form });
  assert.equal(up.status, 201, 'photo uploaded');
  const photo = await up.json();
  const res = await fetch(`${base}/api/v1/orders/${orderId}/samples`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'pp', note: 'a11y', photo_ids: [photo.id] }),
  });
  assert.equal(res.status, 201, 'round submitted');
  return (await res.json()).id;
}

const langs = [
  // The factory user's order (po); the merchandiser's order (staffPo), with a
  // round from its factory (sampler) waiting for review.
  { lang: 'zh', locale: 'zh-CN', factory: 'chen@jinling.demo', po: 'NW-24017', staff: 'li.wang@gendan.demo', staffPo: 'NW-24017', sampler: 'chen@jinling.demo' },
  { lang: 'en', locale: 'en-US', factory: 'huang@huaxing.demo', po: 'YY-2311', staff: 'emma.carter@gendan.demo', staffPo: 'NW-24022', sampler: 'zhou@mingyang.demo' },
];

for (const l of langs) {
  test(`axe: no critical or serious violation on the main pages (${l.lang})`, async (t) => {
    const app = await appFor(t);
    const browser = await browserFor(t);
    const found = [];
    const sampleId = await pendingSample(app.base, l.sampler, l.staffPo);

    // Factory, on a phone.
    const ctx = await browser.newContext({ ...PHONE, locale: l.locale });
    t.after(() => ctx.close());
    const page = await ctx.newPage();
    await page.goto(app.base + '/login');
    await page.locator('input[name="login"]').waitFor();
    found.push(...(await axe(page, `${l.lang}-login`)));

    await signIn(page, app.base, l.factory);
    await page.waitForURL('**/orders');
    const card = page.getByTestId('order-card').filter({ hasText: l.po });
    await card.waitFor();
    found.push(...(await axe(page, `${l.lang}-factory-orders`)));

    await card.click();
    await page.waitForURL(/\/orders\/\d+$/);
    const orderUrl = page.url();
    await page.locator('[data-step]').first().waitFor();
    await page.getByTestId('comments').waitFor();
    found.push(...(await axe(page, `${l.lang}-factory-order`)));

    await page.locator('[data-step="sewing"]').click();
    const report = page.getByTestId('report-sheet');
    await report.waitFor();
    found.push(...(await axe(page, `${l.lang}-report-sheet`)));
    // The sheet is a dialog named by its title; the "done" switch toggles
    // from a tap on its row and on itself; the named close button closes it.
    const dialog = page.getByRole('dialog', { name: l.lang === 'zh' ? '报工 · 车缝' : 'Report · Sewing' });
    await dialog.waitFor();
    const done = dialog.getByRole('switch');
    assert.equal(await done.getAttribute('aria-checked'), 'false');
    await dialog.locator('.switch-row .van-cell__title').click();
    assert.equal(await done.getAttribute('aria-checked'), 'true');
    await done.click();
    assert.equal(await done.getAttribute('aria-checked'), 'false');
    await dialog.getByRole('button', { name: l.lang === 'zh' ? '关闭' : 'Close', exact: true }).click();
    await report.waitFor({ state: 'hidden' });
    assert.equal(page.url(), orderUrl);
    await page.getByTestId('sample-new').click();
    await page.getByTestId('sample-sheet').waitFor();
    found.push(...(await axe(page, `${l.lang}-sample-sheet`)));

    // The production order sheet.
    await page.goto(orderUrl + '/sheet');
    await page.getByTestId('sheet-po').waitFor();
    await page.waitForLoadState('networkidle');
    found.push(...(await axe(page, `${l.lang}-production-sheet`)));

    // Merchandiser, on a desktop.
    const desk = await browser.newContext({ ...DESK, locale: l.locale });
    t.after(() => desk.close());
    const staff = await desk.newPage();
    await signIn(staff, app.base, l.staff);
    await staff.waitForURL('**/dashboard');
    await staff.goto(app.base + '/orders');
    const row = staff.getByText(l.staffPo).first();
    await row.waitFor();
    found.push(...(await axe(staff, `${l.lang}-staff-orders`)));

    await row.click();
    await staff.waitForURL(/\/orders\/\d+$/);
    await staff.getByText(l.staffPo).first().waitFor();
    await staff.waitForLoadState('networkidle');
    found.push(...(await axe(staff, `${l.lang}-staff-order`)));

    await staff.goto(app.base + '/approvals');
    await staff.locator(`a[href="/approvals/${sampleId}"]`).waitFor();
    found.push(...(await axe(staff, `${l.lang}-approvals`)));

    await staff.goto(`${app.base}/approvals/${sampleId}`);
    await staff.waitForFunction(() => [...document.querySelectorAll('.current .annotator img')].every((i) => i.complete && i.naturalWidth > 0));
    await staff.getByText('a11y').first().waitFor();
    found.push(...(await axe(staff, `${l.lang}-sample-review`)));

    assert.equal(found.length, 0, `axe found critical or serious violations:\n${found.join('\n')}`);
  });
}

test('axe: no critical or serious violation on the inspection screens', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const found = [];
  const json = (token, method, path, body) => fetch(app.base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  }).then(async (r) => ({ status: r.status, body: await r.json().catch(() => null) }));

  // A booked, confirmed and assigned final inspection on NW-24017.
  const chen = await apiLogin(app.base, 'chen@jinling.demo');
  const li = await apiLogin(app.base, 'li.wang@gendan.demo');
  const sun = await qcLogin(app.base);
  const orders = await json(chen.access_token, 'GET', '/api/v1/orders?q=NW-24017');
  const orderId = orders.body.items[0].id;
  const d = new Date(Date.now() + 6 * 86_400_000);
  const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const booked = await json(chen.access_token, 'POST', `/api/v1/orders/${orderId}/inspections`,
    { type: 'fri', date, quantity_ready: 1200, total_cartons: 100, address: 'a11y' });
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
  const id = booked.body.id;
  assert.equal((await json(li.access_token, 'POST', `/api/v1/inspections/${id}/confirm`, { inspector_id: sun.user.id })).status, 200);

  for (const l of [{ lang: 'zh', locale: 'zh-CN' }, { lang: 'en', locale: 'en' }]) {
    // The users' own language is the app's.
    for (const who of [chen, sun]) assert.equal((await json(who.access_token, 'PATCH', '/api/v1/me', { locale: l.locale })).status, 200);
    // Factory, on a phone: the order's inspections and the booking sheet.
    const fctx = await browser.newContext({ ...PHONE, locale: l.locale });
    t.after(() => fctx.close());
    const f = await fctx.newPage();
    await signIn(f, app.base, 'chen@jinling.demo');
    await f.waitForURL('**/orders');
    await f.goto(`${app.base}/orders/${orderId}`);
    await f.getByTestId('insp-row').first().waitFor();
    found.push(...(await axe(f, `${l.lang}-factory-order-inspections`)));
    if (await f.getByTestId('insp-book').count()) {
      await f.getByTestId('insp-book').click();
      await f.getByTestId('book-sheet').waitFor();
      found.push(...(await axe(f, `${l.lang}-book-sheet`)));
    }

    // The inspector: the list, the form with a defect counted, the report.
    const qctx = await browser.newContext({ ...PHONE, locale: l.locale });
    t.after(() => qctx.close());
    const q = await qctx.newPage();
    await signIn(q, app.base, 'sun.qc@gendan.demo');
    await q.waitForURL('**/inspections');
    await q.locator(`[data-inspection="${id}"]`).waitFor();
    found.push(...(await axe(q, `${l.lang}-qc-inspections`)));
    await q.goto(`${app.base}/inspections/${id}`);
    await q.getByTestId('plan').waitFor();
    await q.getByTestId('defect').first().getByTestId('plus').click();
    await q.getByTestId('add-point').click();
    await q.locator('[data-check="packing"] [role="radio"]').first().click();
    found.push(...(await axe(q, `${l.lang}-qc-form`)));
    await q.goto(`${app.base}/inspections/${id}/report`);
    await q.getByTestId('report-plan').waitFor();
    found.push(...(await axe(q, `${l.lang}-report`)));
  }

  // Staff, on a desktop: the Inspections screen and its failed tab.
  const desk = await browser.newContext({ ...DESK, locale: 'zh-CN' });
  t.after(() => desk.close());
  const staff = await desk.newPage();
  await signIn(staff, app.base, 'li.wang@gendan.demo');
  await staff.waitForURL('**/dashboard');
  await staff.goto(app.base + '/inspections');
  await staff.locator(`[data-inspection="${id}"]`).waitFor();
  found.push(...(await axe(staff, 'zh-staff-inspections')));
  await staff.goto(`${app.base}/orders/${orderId}`);
  await staff.getByTestId('staff-inspections').getByTestId('insp-row').first().waitFor();
  found.push(...(await axe(staff, 'zh-staff-order-inspections')));

  assert.equal(found.length, 0, `axe found critical or serious violations:\n${found.join('\n')}`);
});

test('axe: no critical or serious violation on the merchandiser’s delivery screens', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const found = [];
  const json = (token, method, path, body) => fetch(app.base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json', 'Idempotency-Key': `a11y-${Math.random()}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  }).then(async (r) => ({ status: r.status, body: await r.json().catch(() => null) }));

  // A warehouse closed on Sundays, two bookings by the factory on NW-24017 (one rescheduled).
  const admin = await apiLogin(app.base, 'admin@gendan.demo');
  const chen = await apiLogin(app.base, 'chen@jinling.demo');
  const li = await apiLogin(app.base, 'li.wang@gendan.demo');
  const wh = await json(admin.access_token, 'POST', '/api/v1/warehouses', {
    code: 'A11Y', name: '上海仓', address: '上海', time_zone: 'Asia/Shanghai', capacity: { bookings: 4, cartons: 400 },
    closed_weekdays: [0], closures: [{ from: '2027-02-05', to: '2027-02-13', reason: '春节' }],
  });
  assert.equal(wh.status, 201, JSON.stringify(wh.body));
  const orderId = (await json(chen.access_token, 'GET', '/api/v1/orders?q=NW-24017')).body.items[0].id;
  const line = (await json(chen.access_token, 'GET', `/api/v1/orders/${orderId}`)).body.lines[0];
  let date = '';
  for (let n = 3; !date; n++) {
    const d = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + n * 86_400_000));
    if (new Date(d + 'T00:00:00Z').getUTCDay() % 6 !== 0) date = d; // not a weekend day
  }
  const ids = [];
  for (const q of [10, 20]) {
    const r = await json(chen.access_token, 'POST', `/api/v1/orders/${orderId}/deliveries`,
      { warehouse_id: wh.body.id, date, lines: [{ colour: line.colour, size: line.size, quantity: q }], cartons: 2, cbm: 0.2, gross_kg: 22, net_kg: 20, transport_mode: 'sea' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    ids.push(r.body.id);
  }
  assert.equal((await json(li.access_token, 'POST', `/api/v1/deliveries/${ids[1]}/confirm`, {})).status, 200);

  for (const l of [{ lang: 'zh', locale: 'zh-CN', who: 'li.wang@gendan.demo' }, { lang: 'en', locale: 'en-US', who: 'emma.carter@gendan.demo' }]) {
    const desk = await browser.newContext({ ...DESK, locale: l.locale });
    t.after(() => desk.close());
    const s = await desk.newPage();
    await signIn(s, app.base, l.who);
    await s.waitForURL('**/dashboard');
    await s.goto(`${app.base}/deliveries?w=${wh.body.id}&d=${date}`);
    await s.locator(`[data-delivery="${ids[0]}"]`).waitFor();
    found.push(...(await axe(s, `${l.lang}-deliveries-week`)));
    await s.locator(`[data-delivery="${ids[0]}"]`).getByTestId('dlv-reschedule').click();
    await s.getByTestId('dlv-dialog').locator('input[name="date"]').waitFor();
    found.push(...(await axe(s, `${l.lang}-deliveries-reschedule`)));
    await s.keyboard.press('Escape');
    await s.goto(`${app.base}/deliveries?w=${wh.body.id}&d=${date}&view=month`);
    await s.locator(`.cell[data-date="${date}"]`).click();
    await s.getByTestId('cal-day').locator(`[data-delivery="${ids[0]}"]`).waitFor();
    found.push(...(await axe(s, `${l.lang}-deliveries-month`)));
    await s.goto(`${app.base}/deliveries/list`);
    await s.locator(`[data-delivery="${ids[0]}"]`).waitFor();
    found.push(...(await axe(s, `${l.lang}-deliveries-list`)));
    await s.goto(`${app.base}/warehouses`);
    await s.locator('[data-warehouse="A11Y"]').waitFor();
    found.push(...(await axe(s, `${l.lang}-warehouses`)));
    await s.goto(`${app.base}/deliveries/${ids[0]}/invoice`);
    await s.getByTestId('invoice-total').waitFor();
    found.push(...(await axe(s, `${l.lang}-invoice`)));

    // On a phone: the stacked week and the month.
    const ph = await browser.newContext({ ...PHONE, locale: l.locale });
    t.after(() => ph.close());
    const p = await ph.newPage();
    await signIn(p, app.base, l.who);
    await p.waitForURL('**/dashboard');
    await p.goto(`${app.base}/deliveries?w=${wh.body.id}&d=${date}`);
    await p.locator(`[data-delivery="${ids[0]}"]`).waitFor();
    found.push(...(await axe(p, `${l.lang}-deliveries-week-phone`)));
    await p.locator('[data-view="month"]').click();
    await p.locator(`.cell[data-date="${date}"]`).waitFor();
    found.push(...(await axe(p, `${l.lang}-deliveries-month-phone`)));
  }

  // The admin's warehouse form.
  const actx = await browser.newContext({ ...DESK, locale: 'zh-CN' });
  t.after(() => actx.close());
  const a = await actx.newPage();
  await signIn(a, app.base, 'admin@gendan.demo');
  await a.waitForURL('**/dashboard');
  await a.goto(`${app.base}/warehouses`);
  await a.locator('[data-warehouse="A11Y"]').getByTestId('wh-edit').click();
  await a.getByTestId('warehouse-sheet').waitFor();
  found.push(...(await axe(a, 'zh-warehouse-sheet')));

  assert.equal(found.length, 0, `axe found critical or serious violations:\n${found.join('\n')}`);
});

test('axe: no critical or serious violation on the factory’s delivery screens', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const found = [];
  const json = (token, method, path, body) => fetch(app.base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  }).then(async (r) => ({ status: r.status, body: await r.json().catch(() => null) }));

  // A warehouse, and a confirmed delivery of NW-24017 with a packing list.
  const admin = await apiLogin(app.base, 'admin@gendan.demo');
  const chen = await apiLogin(app.base, 'chen@jinling.demo');
  const li = await apiLogin(app.base, 'li.wang@gendan.demo');
  const wh = await json(admin.access_token, 'POST', '/api/v1/warehouses', {
    code: 'A11Y', name: '无障碍仓 A11y DC', address: 'a11y', time_zone: 'Asia/Shanghai', capacity: { bookings: 3, cartons: 300 },
    closed_weekdays: [0], closures: [],
  });
  assert.equal(wh.status, 201, JSON.stringify(wh.body));
  const orders = await json(chen.access_token, 'GET', '/api/v1/orders?q=NW-24017');
  const orderId = orders.body.items[0].id;
  const o = await json(chen.access_token, 'GET', `/api/v1/orders/${orderId}`);
  const line = o.body.lines[0];
  const days = await json(chen.access_token, 'GET', `/api/v1/warehouses/${wh.body.id}/availability`);
  const date = days.body.days.find((d) => !d.past && !d.closed && !d.full && d.date > days.body.from).date;
  const booked = await json(chen.access_token, 'POST', `/api/v1/orders/${orderId}/deliveries`,
    { warehouse_id: wh.body.id, date, lines: [{ colour: line.colour, size: line.size, quantity: 40 }], cartons: 2, transport_mode: 'sea' });
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
  const id = booked.body.id;
  assert.equal((await json(li.access_token, 'POST', `/api/v1/deliveries/${id}/confirm`, {})).status, 200);
  const packed = await json(chen.access_token, 'PUT', `/api/v1/deliveries/${id}/packing-list`, { cartons: [
    { from: 1, to: 2, colour: line.colour, size: line.size, pieces: 20, net_kg: 8, gross_kg: 9, length_cm: 50, width_cm: 40, height_cm: 30 },
  ] });
  assert.equal(packed.status, 200, JSON.stringify(packed.body));

  for (const l of [{ lang: 'zh', locale: 'zh-CN' }, { lang: 'en', locale: 'en' }]) {
    assert.equal((await json(chen.access_token, 'PATCH', '/api/v1/me', { locale: l.locale })).status, 200);
    const fctx = await browser.newContext({ ...PHONE, locale: l.locale });
    t.after(() => fctx.close());
    const f = await fctx.newPage();
    await signIn(f, app.base, 'chen@jinling.demo');
    await f.waitForURL('**/orders');
    await f.goto(`${app.base}/orders/${orderId}`);
    const row = f.locator(`[data-delivery="${id}"]`);
    await row.waitFor();
    await f.getByTestId('deliv-summary').waitFor();
    await f.getByTestId('order-deliveries').scrollIntoViewIfNeeded();
    found.push(...(await axe(f, `${l.lang}-factory-order-deliveries`)));

    await f.getByTestId('deliv-book').click();
    const book = f.getByTestId('deliv-book-sheet');
    await book.waitFor();
    await pickOption(book.locator('select[name="warehouse_id"]'), 'A11y DC');
    await book.locator(`[data-testid="deliv-calendar"] [data-date="${date}"]`).click();
    found.push(...(await axe(f, `${l.lang}-deliv-book-sheet`)));
    await book.getByRole('button', { name: l.lang === 'zh' ? '关闭' : 'Close', exact: true }).click();
    await book.waitFor({ state: 'hidden' });

    await row.getByTestId('deliv-ship').click();
    const ship = f.getByTestId('deliv-ship-sheet');
    await ship.waitFor();
    await ship.getByTestId('packing-range').first().waitFor();
    found.push(...(await axe(f, `${l.lang}-deliv-ship-sheet`)));
    await ship.getByRole('button', { name: l.lang === 'zh' ? '关闭' : 'Close', exact: true }).click();
    await ship.waitFor({ state: 'hidden' });

    await f.goto(`${app.base}/deliveries/${id}/packing-list`);
    await f.getByTestId('print-range').first().waitFor();
    found.push(...(await axe(f, `${l.lang}-packing-list-print`)));
  }

  // Staff, on a desktop: the order page's deliveries.
  const desk = await browser.newContext({ ...DESK, locale: 'zh-CN' });
  t.after(() => desk.close());
  const staff = await desk.newPage();
  await signIn(staff, app.base, 'li.wang@gendan.demo');
  await staff.waitForURL('**/dashboard');
  await staff.goto(`${app.base}/orders/${orderId}`);
  await staff.getByTestId('staff-deliveries').locator(`[data-delivery="${id}"]`).waitFor();
  found.push(...(await axe(staff, 'zh-staff-order-deliveries')));

  assert.equal(found.length, 0, `axe found critical or serious violations:\n${found.join('\n')}`);
});

test('axe: no critical or serious violation on the risk screens (dashboard, Today, chase sheet, order risk)', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const found = [];
  for (const l of [{ lang: 'zh', locale: 'zh-CN', who: 'li.wang@gendan.demo', po: 'NW-24035' }, { lang: 'en', locale: 'en-US', who: 'emma.carter@gendan.demo', po: 'NW-24022' }]) {
    for (const [where, window] of [['phone', PHONE], ['desk', DESK]]) {
      const ctx = await browser.newContext({ ...window, locale: l.locale });
      t.after(() => ctx.close());
      const p = await ctx.newPage();
      await signIn(p, app.base, l.who);
      await p.waitForURL('**/dashboard');
      await p.getByTestId('risk-row').first().waitFor();
      await p.waitForLoadState('networkidle');
      found.push(...(await axe(p, `${l.lang}-risk-dashboard-${where}`)));
      await p.goto(`${app.base}/today`);
      await p.getByTestId('today-row').first().waitFor();
      found.push(...(await axe(p, `${l.lang}-today-${where}`)));
      await p.getByTestId('today-row').first().getByTestId('chase').click();
      await p.getByTestId('chase-sheet').waitFor();
      await p.getByTestId('chase-sheet').locator('[data-channel="messaged"]').click();
      await p.getByTestId('chase-submit').waitFor();
      found.push(...(await axe(p, `${l.lang}-chase-sheet-${where}`)));
      if (where === 'phone') {
        await p.goto(`${app.base}/orders`);
        await p.getByText(l.po).first().click();
        await p.waitForURL(/\/orders\/\d+$/);
        await p.getByTestId('order-risk').getByTestId('risk-reasons').waitFor();
        await p.getByTestId('chase-log').waitFor();
        await p.waitForLoadState('networkidle');
        found.push(...(await axe(p, `${l.lang}-order-risk-${where}`)));
      }
    }
  }
  assert.equal(found.length, 0, `axe found critical or serious violations:\n${found.join('\n')}`);
});
