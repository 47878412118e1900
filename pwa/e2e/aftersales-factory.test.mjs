// After-sales, issue 18's main path (contract part E): the customer's
// complaint about YY-2311's goods is recorded by the merchandiser with a
// photo; on a phone, the factory (DG-HX) answers it and writes the CAPA —
// root cause, cause category, actions, an evidence photo — with no signal
// (it waits in the outbox and goes once back online); the merchandiser
// chooses a rework; the factory records the reworked quantity and books
// the re-inspection, which the inspector passes; the factory books the
// re-delivery, which ships; the merchandiser verifies the CAPA, closes the
// complaint and, the invoice paid, the order. axe on every factory screen;
// no price, discount, customer contact, invoice or payment in any answer
// the factory gets.
//
// The staff steps go through the API where the staff screens (part D) are
// not merged yet; the staff desktop shows the closed order at the end.
// YY-2311 ships its first half in the demo data; the rest (booked at the
// port) is confirmed and shipped here so the order is shipped in full.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, apiLogin, appFor, axe, browserFor, inDays, mysqlEnv, openFactoryOrder, qcLogin, root, shot, staffPage, until, PHONE } from './harness.mjs';

const PHOTO = join(root, 'pwa', 'e2e', 'fixtures', 'photo.jpg');
const PO = 'YY-2311';
const FACTORY = 'huang@huaxing.demo';
const MERCH = 'li.wang@gendan.demo';

/** POSTs the fixture photo as multipart `file`; resolves its id. */
async function uploadPhoto(base, token) {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(PHOTO)], { type: 'image/jpeg' }), 'defect.jpg');
  const res = await fetch(base + '/api/v1/photos', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  return body.id;
}

/** One carton per colour × size line: a packing list whose totals are the lines. */
const packingOf = (lines) => ({
  cartons: lines.map((l, i) => ({ from: i + 1, to: i + 1, colour: l.colour, size: l.size, pieces: l.quantity, net_kg: 9.6, gross_kg: 10.4, length_cm: 60, width_cm: 40, height_cm: 35 })),
});

/** Staff confirm a booked delivery and the factory ships it today with its packing list. */
async function confirmAndShip(base, staffToken, factoryToken, deliveryId) {
  let d = await api(base, factoryToken, 'GET', `/api/v1/deliveries/${deliveryId}`);
  assert.equal(d.status, 200, JSON.stringify(d.body));
  if (d.body.status === 'requested') {
    const c = await api(base, staffToken, 'POST', `/api/v1/deliveries/${deliveryId}/confirm`, {});
    assert.equal(c.status, 200, JSON.stringify(c.body));
  }
  d = await api(base, factoryToken, 'POST', `/api/v1/deliveries/${deliveryId}/ship`,
    { date: inDays(0), carrier: '德邦物流 Deppon', tracking_no: 'DPK-E2E-' + deliveryId, packing_list: packingOf(d.body.lines) });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  return d.body;
}

// What a factory's answer must never carry (contract: "a factory's JSON never
// carries a price, a discount amount, the customer's contact, an invoice or a payment").
const FORBIDDEN = /price|discount|customer_contact|invoice|payment|balance|paid/i;
function forbiddenKeys(value, path = '$', out = []) {
  if (Array.isArray(value)) value.forEach((v, i) => forbiddenKeys(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (FORBIDDEN.test(k)) out.push(`${path}.${k}`);
      forbiddenKeys(v, `${path}.${k}`, out);
    }
  }
  return out;
}
async function factoryGet(base, token, path) {
  const r = await api(base, token, 'GET', path);
  assert.equal(r.status, 200, `${path}: ${r.status} ${JSON.stringify(r.body)}`);
  assert.deepEqual(forbiddenKeys(r.body), [], `${path} carries staff-only fields`);
  return r.body;
}

for (const db of ['sqlite', 'mysql']) {
test(`after-sales on the factory phone (${db}): complaint answered, CAPA written offline, rework re-inspected and re-delivered, CAPA verified, order closed`, async (t) => {
  const env = db === 'mysql' ? mysqlEnv(t) : {};
  if (!env) return;
  const app = await appFor(t, env);
  const li = await apiLogin(app.base, MERCH);
  const huang = await apiLogin(app.base, FACTORY);
  const sun = await qcLogin(app.base);
  // DG-HX's user reads English in the demo: the phone is in Chinese here (English: messages.test.js, a11y.test.mjs).
  const zh = await api(app.base, huang.access_token, 'PATCH', '/api/v1/me', { locale: 'zh-CN' });
  assert.equal(zh.status, 200, JSON.stringify(zh.body));

  // ---- YY-2311 shipped in full: the rest of it, booked at the port, confirmed and shipped.
  const list = await api(app.base, li.access_token, 'GET', `/api/v1/orders?q=${PO}`);
  assert.equal(list.status, 200, JSON.stringify(list.body));
  const orderId = list.body.items[0].id;
  const deliveries = await api(app.base, huang.access_token, 'GET', `/api/v1/orders/${orderId}/deliveries`);
  assert.equal(deliveries.status, 200, JSON.stringify(deliveries.body));
  const delivItems = deliveries.body.items || deliveries.body;
  const firstLot = delivItems.find((d) => d.status === 'shipped' || d.status === 'received');
  assert.ok(firstLot, 'the demo ships half of YY-2311');
  for (const d of delivItems.filter((x) => x.status === 'requested' || x.status === 'confirmed')) {
    await confirmAndShip(app.base, li.access_token, huang.access_token, d.id);
  }
  const shippedOrder = await api(app.base, li.access_token, 'GET', `/api/v1/orders/${orderId}`);
  assert.equal(shippedOrder.body.status, 'shipped');

  // ---- The merchandiser records the customer's complaint with a photo, and opens its CAPA.
  const photoId = await uploadPhoto(app.base, li.access_token);
  const line = firstLot.lines[0];
  const complaint = await api(app.base, li.access_token, 'POST', `/api/v1/orders/${orderId}/complaints`, {
    received_date: inDays(0), channel: 'email', description: '领口线头未剪，约 20 件 Loose threads at the neckline', delivery_id: firstLot.id,
    lines: [{ colour: line.colour, size: line.size, quantity: 20 }], affected_qty: 20, severity: 'major', customer_request: 'repair',
    customer_contact: '张女士 13900000000', photo_ids: [photoId],
  });
  assert.equal(complaint.status, 201, JSON.stringify(complaint.body));
  const complaintId = complaint.body.id;
  const capaMade = await api(app.base, li.access_token, 'POST', '/api/v1/capas',
    { source_kind: 'complaint', source_id: complaintId, problem: '领口线头未剪 Loose threads at the neckline', due_date: inDays(7) });
  assert.equal(capaMade.status, 201, JSON.stringify(capaMade.body));
  const capaId = capaMade.body.id;

  // ---- On the factory's phone, in Chinese (its user was switched to Chinese above).
  const browser = await browserFor(t);
  const ctx = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  t.after(() => ctx.close());
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const found = [];

  await openFactoryOrder(page, app.base, PO, FACTORY);
  assert.equal(new URL(page.url()).pathname, `/orders/${orderId}`);
  const cell = page.getByTestId('open-aftersales');
  await cell.waitFor();
  await cell.getByText('售后').first().waitFor();
  assert.ok(Number(await cell.getAttribute('data-open')) >= 2, 'the open complaint and CAPA are counted');
  const box = await cell.boundingBox();
  assert.ok(box.height >= 48, `a big touch target (${box.height}px)`);
  found.push(...(await axe(page, 'afs-order-cell')));
  await cell.click();
  await page.waitForURL(new RegExp(`/aftersales\\?order=${orderId}`));
  const card = page.locator(`[data-testid="afs-complaint"][data-complaint="${complaintId}"]`);
  await card.waitFor();
  assert.equal(await card.getAttribute('data-status'), 'open');
  found.push(...(await axe(page, 'afs-home')));
  await shot(page, 'afs-f1-home');

  // The complaint: its description and photo; the factory answers it.
  await card.click();
  await page.waitForURL(new RegExp(`/aftersales/complaints/${complaintId}$`));
  await page.getByTestId('afs-description').getByText('领口线头未剪', { exact: false }).waitFor();
  await page.getByTestId('afs-complaint-photos').locator('img').first().waitFor();
  assert.equal(await page.getByText('13900000000').count(), 0, 'the customer’s contact is not shown to the factory');
  found.push(...(await axe(page, 'afs-complaint')));
  await page.locator('textarea[name="answer"]').fill('剪线工序漏剪领口线头；已安排返工并加检领口。');
  await page.getByTestId('afs-answer-submit').click();
  await until(async () => (await api(app.base, huang.access_token, 'GET', `/api/v1/complaints/${complaintId}`)).body.factory_answer, 'the answer saved');
  await shot(page, 'afs-f2-answered');

  // The CAPA, written with no signal: it waits in the outbox, then goes.
  await page.getByTestId('afs-open-capa').click();
  await page.waitForURL(new RegExp(`/aftersales/capas/${capaId}$`));
  const form = page.getByTestId('afs-capa-form');
  await form.waitFor();
  await form.locator('textarea[name="containment"]').fill('库存 300 件全部复查领口');
  await form.locator('textarea[name="root_cause"]').fill('剪线工位新员工未培训，漏剪领口线头');
  await form.locator('[data-cause="man"]').click();
  assert.equal(await form.locator('[data-cause="man"]').getAttribute('aria-pressed'), 'true');
  await form.locator('textarea[name="corrective_action"]').fill('返工 20 件，领口 100% 检查');
  await form.locator('textarea[name="preventive_action"]').fill('新员工上岗前培训；尾查增加领口项目');
  await form.locator('input[name="owner"]').fill('车间主任 黄');
  await form.locator('input[type="file"]').setInputFiles(PHOTO);
  await form.getByTestId('photo-thumb').waitFor();
  found.push(...(await axe(page, 'afs-capa-form')));
  await ctx.setOffline(true);
  await page.getByTestId('afs-capa-complete').click();
  await page.getByTestId('afs-waiting').waitFor();
  await shot(page, 'afs-f3-capa-offline');
  await ctx.setOffline(false);
  const done = await until(async () => {
    const c = (await api(app.base, huang.access_token, 'GET', `/api/v1/capas/${capaId}`)).body;
    return c.status === 'done' && c;
  }, 'the CAPA completed once back online', 60000);
  assert.equal(done.cause_category, 'man');
  assert.match(done.root_cause, /漏剪/);
  assert.equal(done.photos.length, 1, 'the evidence photo went with it');
  await page.getByTestId('afs-waiting').waitFor({ state: 'hidden' });
  await page.locator('[data-testid="afs-capa-status"][data-status="done"]').waitFor();

  // ---- The merchandiser investigates and chooses a rework of the 20 pieces.
  let r = await api(app.base, li.access_token, 'POST', `/api/v1/complaints/${complaintId}/investigate`, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const rework = await api(app.base, li.access_token, 'POST', `/api/v1/complaints/${complaintId}/resolutions`,
    { kind: 'rework', quantity: 20, cost_bearer: 'factory', note: '返工领口 Rework the necklines', due_date: inDays(5) });
  assert.equal(rework.status, 201, JSON.stringify(rework.body));
  const resId = rework.body.id;
  r = await api(app.base, li.access_token, 'POST', `/api/v1/complaints/${complaintId}/agree`, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));

  // ---- The factory, from Me → 售后 → to do: the reworked quantity, then the re-inspection.
  await page.goto(app.base + '/me');
  await page.getByTestId('my-aftersales').getByText('售后 After-sales').waitFor();
  await page.getByTestId('my-aftersales').click();
  await page.waitForURL(/\/aftersales$/);
  await page.locator('[data-tab="tasks"]').click();
  const task = page.locator(`[data-testid="afs-task"][data-resolution="${resId}"]`);
  await task.waitFor();
  found.push(...(await axe(page, 'afs-tasks')));
  await task.click();
  await page.waitForURL(new RegExp(`/aftersales/resolutions/${resId}$`));
  const step = page.getByTestId('afs-rework-step');
  await step.waitFor();
  assert.equal(await step.getAttribute('data-step'), 'rework');
  found.push(...(await axe(page, 'afs-rework')));
  await page.locator('input[name="reworked_qty"]').fill('20');
  await page.getByTestId('afs-progress-submit').click();
  await page.locator('[data-testid="afs-rework-step"][data-step="reinspect"]').getByText('预约复检').waitFor();
  await page.locator('[data-testid="afs-reinspect"] input[name="date"]').fill(inDays(1));
  await page.getByTestId('afs-reinspect-submit').click();
  const booked = await until(async () => (await api(app.base, huang.access_token, 'GET', `/api/v1/resolutions/${resId}`)).body.inspection_id, 'the re-inspection booked');
  await page.locator('[data-testid="afs-rework-step"][data-step="inspecting"]').waitFor();
  await shot(page, 'afs-f4-reinspection-booked');

  // ---- The re-inspection passes (the merchandiser confirms it, the inspector records it).
  r = await api(app.base, li.access_token, 'POST', `/api/v1/inspections/${booked}/confirm`, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await api(app.base, li.access_token, 'POST', `/api/v1/inspections/${booked}/assign`, { inspector_id: sun.user.id });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const insp = await api(app.base, sun.access_token, 'GET', `/api/v1/inspections/${booked}`);
  assert.ok(['reinspection', 'fri'].includes(insp.body.type), `re-inspection type ${insp.body.type}`);
  r = await api(app.base, sun.access_token, 'POST', `/api/v1/inspections/${booked}/complete`,
    { cartons_opened: insp.body.cartons_to_open || 1, defects: [], measurements: [], checks: [] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.result, 'pass');

  // ---- The factory books the re-delivery; it is confirmed and ships; the rework is done.
  await page.reload();
  await page.locator('[data-testid="afs-rework-step"][data-step="redeliver"]').waitFor();
  await page.locator('[data-testid="afs-reinspection"][data-result="pass"]').waitFor();
  const redeliver = page.getByTestId('afs-redeliver');
  await redeliver.locator('select[name="warehouse_id"] option:nth-child(2)').waitFor({ state: 'attached' });
  await redeliver.locator('select[name="warehouse_id"]').selectOption({ index: 1 });
  // The port warehouse takes no goods at weekends: the first weekday two days on.
  let ahead = 2;
  while ([0, 6].includes(new Date(`${inDays(ahead)}T00:00:00Z`).getUTCDay())) ahead++;
  await redeliver.locator('input[name="delivery_date"]').fill(inDays(ahead));
  await redeliver.locator('input[name="cartons"]').fill('1');
  found.push(...(await axe(page, 'afs-redeliver')));
  await page.getByTestId('afs-redeliver-submit').click();
  const deliveryId = await until(async () => (await api(app.base, huang.access_token, 'GET', `/api/v1/resolutions/${resId}`)).body.delivery_id, 'the re-delivery booked');
  await page.locator('[data-testid="afs-rework-step"][data-step="shipping"]').waitFor();
  const shipped = await confirmAndShip(app.base, li.access_token, huang.access_token, deliveryId);
  assert.equal(shipped.status, 'shipped');
  const resDone = await until(async () => {
    const x = (await api(app.base, huang.access_token, 'GET', `/api/v1/resolutions/${resId}`)).body;
    return x.status === 'done' && x;
  }, 'the rework done once its delivery shipped');
  assert.equal(resDone.reworked_qty, 20);
  await page.reload();
  await page.locator('[data-testid="afs-resolution-status"][data-status="done"]').waitFor();
  await shot(page, 'afs-f5-rework-done');

  // ---- The factory's answers carry no staff-only field.
  await factoryGet(app.base, huang.access_token, `/api/v1/complaints?order_id=${orderId}`);
  await factoryGet(app.base, huang.access_token, `/api/v1/complaints/${complaintId}`);
  await factoryGet(app.base, huang.access_token, `/api/v1/capas?order_id=${orderId}`);
  await factoryGet(app.base, huang.access_token, `/api/v1/capas/${capaId}`);
  await factoryGet(app.base, huang.access_token, '/api/v1/resolutions?mine=1');
  await factoryGet(app.base, huang.access_token, `/api/v1/resolutions/${resId}`);

  // ---- The merchandiser verifies the CAPA, closes the complaint, records invoice and payment, closes the order.
  r = await api(app.base, li.access_token, 'POST', `/api/v1/capas/${capaId}/verify`, { note: '证据齐全，验证通过' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 'verified');
  r = await api(app.base, li.access_token, 'POST', `/api/v1/complaints/${complaintId}/close`, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 'closed');
  r = await api(app.base, li.access_token, 'POST', `/api/v1/orders/${orderId}/close`, {});
  assert.equal(r.status, 409, 'not closed before it is paid: ' + JSON.stringify(r.body));
  assert.equal(r.body.error.code, 'order_not_paid');
  r = await api(app.base, li.access_token, 'PUT', `/api/v1/orders/${orderId}/invoice`,
    { number: 'INV-E2E-2311', invoice_date: inDays(0), amount: '134400.00', currency: 'CNY', due_date: inDays(30) });
  assert.ok(r.status === 200 || r.status === 201, JSON.stringify(r.body));
  r = await api(app.base, li.access_token, 'POST', `/api/v1/orders/${orderId}/payments`, { paid_date: inDays(0), amount: '134400.00', reference: 'TT-E2E' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const fin = await api(app.base, huang.access_token, 'GET', `/api/v1/orders/${orderId}/finance`);
  assert.equal(fin.status, 403, 'finance is staff only');
  r = await api(app.base, li.access_token, 'POST', `/api/v1/orders/${orderId}/close`, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 'closed');

  // The factory sees its complaint closed and its CAPA verified.
  await page.goto(`${app.base}/aftersales/complaints/${complaintId}`);
  await page.locator('[data-testid="afs-complaint-status"][data-status="closed"]').waitFor();
  await page.goto(`${app.base}/aftersales/capas/${capaId}`);
  await page.locator('[data-testid="afs-capa-status"][data-status="verified"]').waitFor();
  await page.getByTestId('afs-verify-note').getByText('证据齐全', { exact: false }).waitFor();
  assert.equal(await page.getByTestId('afs-capa-complete').count(), 0, 'a verified CAPA takes nothing');
  found.push(...(await axe(page, 'afs-capa-verified')));
  await shot(page, 'afs-f6-verified');

  // The merchandiser's desktop shows the closed order.
  const desk = await staffPage(browser, app.base, MERCH);
  t.after(() => desk.close());
  await desk.goto(`${app.base}/orders/${orderId}`);
  await desk.getByText(PO).first().waitFor();
  await desk.getByTestId('status').getByText(/已结案|Closed/).waitFor();
  await shot(desk, 'afs-s1-order-closed');

  assert.deepEqual(found, [], 'axe: no critical or serious findings');
  assert.deepEqual(errors, [], 'no page errors');
});
}
