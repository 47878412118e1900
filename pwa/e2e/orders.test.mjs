// A merchandiser's order on the desktop: create it through the form with a
// colour × size grid, confirm it, see its T&A plan, change a quantity (a
// revision the factory sees), cancel it with a reason — and check through
// the API that the server holds exactly that. Then the orders list and the
// order on a phone, and the import screen's answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiLogin, root, shot, PHONE, appFor, browserFor, staffPage, pickOption, inDays } from './harness.mjs';


test('merchandiser: create, confirm, revise and cancel an order on the desktop', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);

  const page = await staffPage(browser, app.base, 'emma.carter@gendan.demo');
  await page.getByText('Orders by status').waitFor();
  // The dashboard's counts are the server's (GET /dashboard/counts), not a
  // count of pages of orders.
  // (Of the merchandiser's own orders, as the risk dashboard above them.)
  const { access_token: tok, user: me } = await apiLogin(app.base, 'emma.carter@gendan.demo');
  const counts = await (await fetch(`${app.base}/api/v1/dashboard/counts?merchandiser_id=${me.id}`, { headers: { Authorization: `Bearer ${tok}` } })).json();
  for (const [status, n] of Object.entries(counts.by_status)) {
    const shown = await page.locator(`.count[data-status="${status}"] .n`).innerText();
    assert.equal(shown.replace(/\D/g, ''), String(n), `${status} count`);
  }
  // Above them, the orders ranked by delivery risk (e2e/risk.test.mjs checks those).
  await page.getByTestId('risk-row').first().waitFor();
  await shot(page, '20-staff-dashboard-desktop');

  // The list shows the demo orders; New order opens the form.
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Orders' }).click();
  await page.getByRole('link', { name: 'NW-24017' }).waitFor();
  await shot(page, '21-staff-orders-desktop');
  await page.getByRole('button', { name: 'New order' }).click();
  await page.waitForURL('**/orders/new');
  await page.getByRole('heading', { name: 'New order' }).waitFor();

  // Everything but the PO number: the server's error shows at that field.
  await pickOption(page.getByLabel('Customer', { exact: true }), 'Northwind Outfitters');
  await pickOption(page.getByLabel('Supplier', { exact: true }), 'HZ-JL');
  await page.getByLabel('Style no.').fill('E2E-TEE-01');
  await page.getByLabel('Style name').fill('Crew-neck tee 圆领T恤');
  await page.getByLabel('Ex-factory date').fill(inDays(75));
  await page.getByLabel('Destination').fill('Hamburg, DE');
  await page.getByLabel('Unit price').fill('4.25');
  await page.getByLabel('Currency').fill('usd');

  // The grid: 2 colours × 3 sizes.
  await page.getByLabel('Add colours').fill('Red, Blue');
  await page.getByLabel('Add colours').press('Enter');
  await page.getByLabel('Add sizes').fill('S, M, L');
  await page.getByLabel('Add sizes').press('Enter');
  const qty = { Red: { S: 100, M: 200, L: 150 }, Blue: { S: 120, M: 220, L: 180 } };
  for (const [colour, sizes] of Object.entries(qty)) {
    for (const [size, n] of Object.entries(sizes)) await page.getByLabel(`Quantity of ${colour} / ${size}`).fill(String(n));
  }
  assert.equal((await page.getByTestId('grid-total').textContent()).trim(), '970');

  // A third colour renamed to repeat the first: the server's error on
  // lines[6].size marks that very cell.
  await page.getByLabel('Add colours').fill('Green');
  await page.getByLabel('Add colours').press('Enter');
  await page.getByLabel('Quantity of Green / S').fill('10');
  await page.getByLabel('Colour 3').fill('red');
  await page.getByTestId('save').click();
  await page.locator('.van-field__error-message').filter({ hasText: /^Required$/ }).first().waitFor();
  assert.match(page.url(), /\/orders\/new$/, 'an invalid order is not saved');
  const invalid = page.locator('input[aria-invalid="true"]');
  await invalid.waitFor();
  assert.equal(await invalid.count(), 1);
  assert.equal(await invalid.getAttribute('aria-label'), 'Quantity of red / S');
  await page.getByText('red / S: Repeats the colour and size of line 1 (red / S)').waitFor();
  await shot(page, '22-staff-order-new-errors');
  await page.getByRole('button', { name: 'Remove colour red', exact: true }).click();
  const po = `E2E-${Date.now().toString(36).toUpperCase()}`;
  await page.getByLabel('PO number').fill(po);
  await shot(page, '22-staff-order-new-filled');
  await page.getByTestId('save').click();
  await page.waitForURL(/\/orders\/\d+$/);
  const id = Number(page.url().match(/\/orders\/(\d+)$/)[1]);
  await page.getByRole('heading', { name: po }).waitFor();
  assert.equal((await page.getByTestId('status').textContent()).trim(), 'Draft');

  // Confirm with the default template: the T&A plan appears.
  await page.getByRole('button', { name: 'Confirm order' }).click();
  const confirm = page.getByRole('dialog').filter({ hasText: 'Confirm this order?' });
  await confirm.getByText('Confirm this order?').waitFor();
  assert.ok(await confirm.locator('select[name="confirm_template"] option:checked').textContent(), 'a template is chosen');
  await confirm.getByRole('button', { name: 'Confirm order' }).click();
  // The toast keeps its words whole (Vant breaks them anywhere by default).
  const toast = page.locator('.van-toast').filter({ hasText: 'Order confirmed' });
  await toast.waitFor();
  assert.notEqual(await toast.evaluate((e) => getComputedStyle(e).wordBreak), 'break-all');
  await page.getByTestId('status').getByText('Confirmed').waitFor();
  await page.getByTestId('milestone').first().waitFor();
  const steps = await page.getByTestId('milestone').count();
  assert.ok(steps >= 5, `T&A steps shown: ${steps}`);
  await shot(page, '23-staff-order-confirmed');

  // Change one quantity: saving warns, then makes revision 1.
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.waitForURL(`**/orders/${id}/edit`);
  await page.getByText('creates revision 1').waitFor();
  await page.getByLabel('Quantity of Red / M').fill('250');
  await page.getByTestId('save').click();
  await page.getByRole('dialog').filter({ hasText: 'Create revision 1?' }).getByRole('button', { name: 'Save revision 1' }).click();
  await page.waitForURL(new RegExp(`/orders/${id}$`));
  const revisions = page.getByTestId('revisions');
  await revisions.getByText('Revision 1').waitFor();
  await revisions.getByText('Red / M: 200 → 250').waitFor();
  await shot(page, '24-staff-order-revised');

  // Cancel: the reason is required.
  await page.getByRole('button', { name: 'Cancel order' }).click();
  const cancel = page.getByRole('dialog').filter({ hasText: 'Cancel this order?' });
  await cancel.getByRole('button', { name: 'Cancel order' }).click();
  await cancel.getByText('Required').waitFor();
  await cancel.getByLabel('Reason').fill('The customer dropped the style.');
  await cancel.getByRole('button', { name: 'Cancel order' }).click();
  await page.getByTestId('status').getByText('Cancelled').waitFor();
  await cancel.waitFor({ state: 'hidden' });
  await page.getByText('The customer dropped the style.').first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Cancel order' }).count(), 0, 'a cancelled order cannot be cancelled again');
  await shot(page, '25-staff-order-cancelled');
  await page.getByRole('button', { name: /Orders$/ }).click();
  await page.waitForURL(/\/orders$/);
  await page.getByRole('link', { name: po }).waitFor();

  // The server holds exactly that.
  const { access_token: token } = await apiLogin(app.base, 'emma.carter@gendan.demo');
  const api = async (path) => {
    const res = await fetch(app.base + path, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, path);
    return res.json();
  };
  const order = await api(`/api/v1/orders/${id}`);
  assert.equal(order.po_number, po);
  assert.equal(order.status, 'cancelled');
  assert.equal(order.revision, 1);
  assert.equal(order.lines.length, 6);
  assert.equal(order.total_quantity, 1020);
  assert.equal(order.lines.find((l) => l.colour === 'Red' && l.size === 'M').quantity, 250);
  assert.equal(order.customer.name, 'Northwind Outfitters');
  assert.equal(order.supplier.code, 'HZ-JL');
  assert.equal(order.currency, 'USD');
  assert.equal(order.cancel_reason, 'The customer dropped the style.');
  const revs = await api(`/api/v1/orders/${id}/revisions`);
  assert.equal(revs.items.length, 1);
  assert.equal(revs.items[0].revision, 1);
  assert.deepEqual(Object.keys(revs.items[0].changes), ['lines']);

  // On a phone, in Chinese (王丽): the list as cards, the order, and the
  // grid editor filled from a draft's lines.
  const phone = await staffPage(browser, app.base, 'li.wang@gendan.demo', PHONE);
  await phone.getByText('各状态订单').waitFor();
  await shot(phone, '26-staff-dashboard-phone-zh');
  await phone.goto(`${app.base}/orders?status=cancelled`);
  await phone.getByRole('link', { name: new RegExp(po) }).waitFor();
  await shot(phone, '27-staff-orders-phone-zh');
  await phone.getByRole('link', { name: new RegExp(po) }).click();
  await phone.getByTestId('revisions').getByText('Red / M：200 → 250').waitFor();
  await phone.getByText('已取消').first().waitFor();
  assert.ok(!(await phone.locator('main').innerText()).includes('pcs'), 'the zh order page says 件, not pcs');
  await shot(phone, '28-staff-order-phone-zh');
  const fits = async () => phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok((await fits()) <= 0, 'the order page fits a phone');

  await phone.goto(`${app.base}/orders?status=draft`);
  await phone.getByRole('link', { name: /NW-24031/ }).click();
  await phone.getByRole('button', { name: '修改' }).click();
  await phone.waitForURL('**/edit');
  assert.equal(await phone.getByLabel('Sand / XS 的数量').inputValue(), '150');
  assert.equal((await phone.getByTestId('grid-total').textContent()).trim(), '600');
  // The unit in Chinese, as the factory side says it (not "pcs").
  await phone.getByText(/600 件/).first().waitFor();
  await shot(phone, '29-staff-order-edit-phone-zh');
  assert.ok((await fits()) <= 0, 'the order form fits a phone');
});

test('merchandiser: importing a file with mistakes lists them by row and creates nothing; the corrected file creates the orders', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const page = await staffPage(browser, app.base, 'emma.carter@gendan.demo');

  // The real import: first a file with mistakes (nothing may be created),
  // then the corrected file.
  const before = (await (await fetch(`${app.base}/api/v1/orders?limit=200`, { headers: { Authorization: `Bearer ${(await apiLogin(app.base, 'emma.carter@gendan.demo')).access_token}` } })).json()).items.length;
  const header = 'po_number,customer,supplier_code,style_no,ex_factory_date,ship_mode,colour,size,quantity\n';
  const bad = header +
    'IMP-1,Northwind Outfitters,HZ-JL,ST-9,2027-13-40,sea,Red,M,100\n' +
    'IMP-1,Northwind Outfitters,HZ-JL,ST-9,2027-13-40,sea,Red,L,0\n' +
    'IMP-2,Northwind Outfitters,DG-HX,ST-8,2027-03-01,air,Blue,S,50\n';
  const good = header +
    'IMP-1,Northwind Outfitters,HZ-JL,ST-9,2027-02-20,sea,Red,M,100\n' +
    'IMP-1,Northwind Outfitters,HZ-JL,ST-9,2027-02-20,sea,Red,L,80\n' +
    'IMP-2,Northwind Outfitters,DG-HX,ST-8,2027-03-01,air,Blue,S,50\n';

  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Orders' }).click();
  await page.getByRole('button', { name: 'Import' }).click();
  await page.waitForURL('**/orders/import');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download template (.xlsx)' }).click()]);
  assert.equal(download.suggestedFilename(), 'orders-import-template.xlsx');

  await page.locator('input[type="file"]').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.getByTestId('file-name').getByText('orders.csv').waitFor();
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.getByText(/Nothing was imported/).waitFor();
  const rows = page.locator('table tbody tr');
  const problems = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
  assert.ok(problems.some((p) => p[0] === '2'), `row 2 (bad date) is listed: ${JSON.stringify(problems)}`);
  assert.ok(problems.some((p) => p[0] === '3'), `row 3 (quantity 0) is listed: ${JSON.stringify(problems)}`);
  await shot(page, '30-staff-import-errors');
  const mid = (await (await fetch(`${app.base}/api/v1/orders?limit=200`, { headers: { Authorization: `Bearer ${(await apiLogin(app.base, 'emma.carter@gendan.demo')).access_token}` } })).json()).items.length;
  assert.equal(mid, before, 'a file with errors creates nothing');

  await page.locator('input[type="file"]').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.getByText('Created 2 orders').waitFor();
  await page.getByRole('link', { name: 'IMP-2' }).waitFor();
  await shot(page, '31-staff-import-done');
  await page.getByRole('link', { name: 'IMP-1' }).click();
  await page.waitForURL(/\/orders\/\d+$/);
  await page.getByRole('heading', { name: 'IMP-1' }).waitFor();
});

test('merchandiser: a factory photo in the activity opens large', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);

  // The factory reports progress on NW-24017 with a photo.
  const { access_token: token } = await apiLogin(app.base, 'chen@jinling.demo');
  const auth = { Authorization: `Bearer ${token}` };
  const form = new FormData();
  form.append('file', new Blob([readFileSync(join(root, 'pwa', 'e2e', 'fixtures', 'photo.jpg'))], { type: 'image/jpeg' }), 'photo.jpg');
  const photo = await (await fetch(`${app.base}/api/v1/photos`, { method: 'POST', headers: auth, body: form })).json();
  const orders = await (await fetch(`${app.base}/api/v1/orders?q=NW-24017`, { headers: auth })).json();
  const orderId = orders.items[0].id;
  const steps = await (await fetch(`${app.base}/api/v1/orders/${orderId}/milestones`, { headers: auth })).json();
  const step = steps.items.find((m) => m.status !== 'done' && !m.quantity_kind);
  const res = await fetch(`${app.base}/api/v1/milestones/${step.id}/reports`, {
    method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ date: inDays(0), note: '面料已到 Fabric arrived', photo_ids: [photo.id] }),
  });
  assert.equal(res.status, 201);

  const page = await staffPage(browser, app.base, 'emma.carter@gendan.demo');
  await page.goto(`${app.base}/orders/${orderId}`);
  await page.getByText('面料已到 Fabric arrived').waitFor();
  const thumb = page.getByRole('button', { name: 'Photo 1' }).locator('img');
  assert.match(await thumb.getAttribute('src'), /size=thumb/);
  await thumb.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => [...document.querySelectorAll('.thumb img')].every((i) => i.complete && i.naturalWidth > 0));
  await page.getByRole('button', { name: 'Photo 1' }).click();
  const large = page.locator('.van-image-preview img').first();
  await large.waitFor();
  assert.match(await large.getAttribute('src'), /size=preview/);
});
