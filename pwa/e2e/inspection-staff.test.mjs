// The merchandiser's side of inspections, on the desktop: confirm a
// factory's booking on another date (with the reason) and with an inspector
// from the picker; the Inspections screen lists it as upcoming; once it has
// failed (a critical defect, recorded through the API), the failed tab lists
// it and an override with a reason shows on the order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, apiLogin, inDays, qcLogin, appFor, browserFor, staffPage, shot } from './harness.mjs';

test('merchandiser: confirm on another date with an inspector, upcoming and failed lists, override with a reason', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const chen = await apiLogin(app.base, 'chen@jinling.demo');
  const sun = await qcLogin(app.base);
  const orders = await api(app.base, chen.access_token, 'GET', '/api/v1/orders?q=NW-24017');
  const orderId = orders.body.items[0].id;
  const booked = await api(app.base, chen.access_token, 'POST', `/api/v1/orders/${orderId}/inspections`,
    { type: 'dupro', date: inDays(4), quantity_ready: 800, address: '车间 2', total_cartons: 40 });
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
  const id = booked.body.id;

  const m = await staffPage(browser, app.base, 'li.wang@gendan.demo');
  await m.goto(`${app.base}/orders/${orderId}`);
  const section = m.getByTestId('staff-inspections');
  const row = section.locator(`[data-inspection="${id}"]`);
  await row.getByText('待确认').waitFor();
  await row.getByTestId('insp-confirm').click();
  const dialog = m.getByTestId('insp-dialog');
  await dialog.locator('input[name="date"]').fill(inDays(6));
  await dialog.locator('input[name="date_change_reason"]').fill('面料晚到两天');
  const picker = dialog.locator('select[name="inspector_id"]');
  await picker.locator(`option[value="${sun.user.id}"]`).waitFor({ state: 'attached' });
  await picker.selectOption(String(sun.user.id));
  await dialog.getByRole('button', { name: '确认' }).click();
  await row.getByText('已确认').waitFor();
  await row.getByText('面料晚到两天').waitFor();
  await row.getByText(sun.user.name, { exact: false }).waitFor();
  const confirmed = await api(app.base, sun.access_token, 'GET', `/api/v1/inspections/${id}`);
  assert.equal(confirmed.body.date, inDays(6));
  assert.equal(confirmed.body.inspector?.id, sun.user.id);

  // The Inspections screen: upcoming.
  await m.goto(`${app.base}/inspections`);
  await m.locator(`[data-inspection="${id}"]`).waitFor();

  // The inspector finds a critical defect: the lot fails.
  const done = await api(app.base, sun.access_token, 'POST', `/api/v1/inspections/${id}/complete`, {
    cartons_opened: 7, defects: [{ code: 'broken_needle', count: 1 }], measurements: [], checks: [],
  });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.equal(done.body.result, 'fail');
  await m.locator('[data-view="failed"]').click();
  await m.locator(`[data-inspection="${id}"]`).getByText('不合格').first().waitFor();
  await shot(m, '84-insp-staff-failed');

  // Override on the order, with the reason.
  await m.goto(`${app.base}/orders/${orderId}`);
  await row.getByTestId('insp-override').click();
  await dialog.getByRole('radio').first().click(); // 合格 (pass)
  await dialog.locator('input[name="reason"]').fill('断针经复核为误判');
  await dialog.getByRole('button', { name: '改判' }).click();
  await row.getByText(/已改判为合格：断针经复核为误判/).waitFor();
  const after = await api(app.base, sun.access_token, 'GET', `/api/v1/inspections/${id}`);
  assert.equal(after.body.result, 'pass');
  assert.equal(after.body.computed_result, 'fail');
  assert.equal(after.body.override?.reason, '断针经复核为误判');
});
