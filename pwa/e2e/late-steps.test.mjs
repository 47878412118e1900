// The merchandiser confirms an order whose ex-factory date is 4 weeks away:
// the confirm dialog lists the T&A steps that would already be past, and
// choosing "compress" plans them from today on, so none is overdue. An
// order confirmed with "keep" shows those steps as planned late, to staff
// and to the factory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiLogin, shot, appFor, browserFor, staffPage, signIn, PHONE, inDays } from './harness.mjs';


async function draft(base, auth, po) {
  const first = async (path) => (await (await fetch(`${base}${path}`, { headers: auth })).json()).items;
  const customer = (await first('/api/v1/customers'))[0];
  const supplier = (await first('/api/v1/suppliers')).find((s) => s.code === 'HZ-JL');
  const r = await fetch(`${base}/api/v1/orders`, {
    method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ po_number: po, customer_id: customer.id, supplier_id: supplier.id, style_no: 'E2E-LATE', ex_factory_date: inDays(28),
      ship_mode: 'sea', lines: [{ colour: 'Navy', size: 'M', quantity: 300 }] }),
  });
  assert.equal(r.status, 201, await r.clone().text());
  return (await r.json()).id;
}

test('merchandiser: confirming 4 weeks before ex-factory lists the late steps; compress plans them from today', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const { access_token: tok } = await apiLogin(app.base, 'emma.carter@gendan.demo');
  const auth = { Authorization: `Bearer ${tok}` };
  const stamp = Date.now().toString(36).toUpperCase();
  const id = await draft(app.base, auth, `LATE-C-${stamp}`);

  const page = await staffPage(browser, app.base, 'emma.carter@gendan.demo');
  await page.goto(`${app.base}/orders/${id}`);
  await page.getByRole('button', { name: 'Confirm order' }).click();
  const dialog = page.getByRole('dialog').filter({ hasText: 'Confirm this order?' });
  await dialog.getByText('Confirm this order?').waitFor();
  await dialog.getByRole('button', { name: 'Confirm order' }).click();
  // Nothing is confirmed yet: the dialog lists the steps before today.
  const late = dialog.getByTestId('late-steps');
  await late.waitFor();
  await late.getByText(/steps would be planned before today/).waitFor();
  await late.getByText(/Lab dip approved/).waitFor();
  await late.getByText(/Fit sample approved/).waitFor();
  assert.ok((await late.locator('li').count()) >= 3, 'the late steps are listed');
  assert.equal((await page.getByTestId('status').textContent()).trim(), 'Draft');
  await shot(page, '60-staff-confirm-late-steps');
  await late.getByRole('radio', { name: /Compress them/ }).click();
  await dialog.getByRole('button', { name: 'Confirm order' }).click();
  await page.locator('.van-toast').filter({ hasText: 'Order confirmed' }).waitFor();
  await page.getByTestId('status').getByText('Confirmed').waitFor();
  await page.getByTestId('milestone').first().waitFor();
  assert.equal(await page.locator('[data-testid="milestone"].overdue').count(), 0, 'no step is overdue after compressing');
  assert.equal(await page.getByTestId('planned-late').count(), 0);
  const ms = (await (await fetch(`${app.base}/api/v1/orders/${id}/milestones`, { headers: auth })).json()).items;
  const today = inDays(0);
  assert.ok(ms.every((m) => m.planned_date >= inDays(-1) && !m.planned_late), JSON.stringify(ms.map((m) => m.planned_date)));
  assert.equal(ms.at(-1).planned_date, inDays(28), 'the ex-factory date stays');
  assert.deepEqual(ms.map((m) => m.planned_date), [...ms.map((m) => m.planned_date)].sort(), 'plan order kept');
  assert.ok(ms.some((m) => m.planned_date <= today), 'the first step is today');

  // Keep: the steps stay before today, tagged planned late for staff and the factory.
  const keptPO = `LATE-K-${stamp}`;
  const kept = await draft(app.base, auth, keptPO);
  await page.goto(`${app.base}/orders/${kept}`);
  await page.getByRole('button', { name: 'Confirm order' }).click();
  await dialog.getByRole('button', { name: 'Confirm order' }).click();
  await late.waitFor();
  await late.getByRole('radio', { name: /Keep their dates/ }).click();
  await dialog.getByRole('button', { name: 'Confirm order' }).click();
  await page.getByTestId('status').getByText('Confirmed').waitFor();
  await page.getByTestId('planned-late').first().waitFor();
  const n = await page.getByTestId('planned-late').count();
  assert.ok(n >= 3, `planned-late tags: ${n}`);
  await shot(page, '61-staff-plan-planned-late');

  const factory = await browser.newPage(PHONE);
  await signIn(factory, app.base, 'chen@jinling.demo');
  await factory.waitForURL('**/orders');
  await factory.goto(`${app.base}/orders/${kept}`);
  await factory.getByTestId('planned-late').first().waitFor();
  assert.equal(await factory.getByTestId('planned-late').count(), n);
  await factory.getByTestId('planned-late').first().getByText('计划即延期').waitFor();
  await shot(factory, '62-factory-plan-planned-late');
});
