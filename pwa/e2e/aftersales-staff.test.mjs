// The merchandiser's after-sales screens (issue 18, part D) against the
// real server (the contract's parts A–C): YY-2311 (Dongguan Huaxing, Li
// Wang's) is made shipped through the API (its booked second lot confirmed
// and shipped by the factory). On a desktop, on the order page's
// After-sales section, a complaint is recorded with a colour × size line
// and a photo (too many pieces are refused at the field first); the
// factory answers it through the API; staff investigate and ask for a
// CAPA; the factory writes and completes it through the API; staff read
// the root cause and verify it. The resolution wizard shows each of the
// five paths' fields; a rework and a discount (a chargeback above the
// discount refused first) are added; the rework is cancelled and the
// discount completed, the customer agrees and the complaint closes. The
// invoice and a payment in full are recorded, the receivables list shows
// the order until then, and the order closes. On a phone the complaints
// list and a complaint open. axe finds nothing serious on each screen.
//
// Not skipped: until parts A–C are merged this fails at the first call
// of their API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, apiLogin, api, inDays, appFor, browserFor, signIn, shot, axe, DESK, PHONE } from './harness.mjs';

const jpg = join(root, 'pwa', 'e2e', 'fixtures', 'photo.jpg');

/** A merchandiser's page in its own context (axe needs one), signed in and on the dashboard. */
async function staffIn(browser, base, login, window = DESK) {
  const ctx = await browser.newContext({ ...window, locale: 'zh-CN', serviceWorkers: 'block' });
  const page = await ctx.newPage();
  await signIn(page, base, login);
  await page.waitForURL('**/dashboard');
  return page;
}

const ok = (r, what, status = [200, 201]) => assert.ok(status.includes(r.status), `${what}: ${r.status} ${JSON.stringify(r.body)}`);

/** YY-2311 made shipped: its booked second lot confirmed by staff and shipped by the factory with a packing list. */
async function shippedOrder(base, li, lin) {
  const found = await api(base, li, 'GET', '/api/v1/orders?q=YY-2311');
  ok(found, 'find YY-2311');
  const order = found.body.items[0];
  const dels = await api(base, li, 'GET', `/api/v1/orders/${order.id}/deliveries`);
  ok(dels, 'deliveries');
  for (const d of dels.body.items.filter((x) => !['shipped', 'received', 'cancelled', 'rejected'].includes(x.status))) {
    if (d.status !== 'confirmed') ok(await api(base, li, 'POST', `/api/v1/deliveries/${d.id}/confirm`, {}), 'confirm the second lot');
    let from = 1;
    const cartons = d.lines.map((l) => {
      const n = l.quantity % 20 === 0 ? l.quantity / 20 : 1;
      const c = { from, to: from + n - 1, colour: l.colour, size: l.size, pieces: l.quantity / n, net_kg: 9.6, gross_kg: 10.4, length_cm: 60, width_cm: 40, height_cm: 35 };
      from += n;
      return c;
    });
    ok(await api(base, lin, 'POST', `/api/v1/deliveries/${d.id}/ship`, { date: inDays(0), carrier: 'COSCO', tracking_no: 'BL-AS-1', packing_list: { cartons } }), 'ship the second lot');
  }
  const o = (await api(base, li, 'GET', `/api/v1/orders/${order.id}`)).body;
  assert.equal(o.status, 'shipped', 'YY-2311 is shipped');
  return o;
}

test('merchandiser: a complaint with photos, its CAPA verified, the resolution paths, invoice and payment, the order closed; phone', async (t) => {
  const app = await appFor(t);
  const li = (await apiLogin(app.base, 'li.wang@gendan.demo')).access_token;
  const lin = (await apiLogin(app.base, 'lin@huaxing.demo')).access_token;
  const browser = await browserFor(t);
  const order = await shippedOrder(app.base, li, lin);
  const problems = [];

  // The order page's After-sales section: no complaint yet; record one.
  const m = await staffIn(browser, app.base, 'li.wang@gendan.demo');
  await m.goto(`${app.base}/orders/${order.id}`);
  const section = m.getByTestId('order-aftersales');
  await section.getByText('这张订单没有客户投诉。').waitFor();
  await section.getByTestId('complaint-open').click();
  const sheet = m.getByTestId('complaint-sheet');
  await sheet.waitFor();
  await sheet.locator('[name="description"]').fill('袖口开线，客户抽检 5 箱发现 30 件');
  await sheet.locator('[name="affected_qty"]').fill(String(order.total_quantity + 1));
  await sheet.getByText('添加一行').click();
  await sheet.locator('[name="lines[0].colour"]').fill('燕麦色 Oatmeal');
  await sheet.locator('[name="lines[0].size"]').fill('M');
  await sheet.locator('[name="lines[0].quantity"]').fill('30');
  await sheet.locator('[name="severity"]').selectOption('major');
  await sheet.locator('[name="customer_request"]').selectOption('repair');
  await sheet.locator('[name="customer_contact"]').fill('buyer@yy.example');
  await sheet.getByTestId('complaint-photo-input').setInputFiles(jpg);
  await sheet.locator('.thumbs img').first().waitFor();
  await sheet.getByTestId('complaint-submit').click();
  await sheet.getByText('不能超过可用数量').waitFor(); // above the shipped quantity: refused at its field
  problems.push(...(await axe(m, 'as-complaint-sheet')));
  await sheet.locator('[name="affected_qty"]').fill('30');
  await sheet.getByTestId('complaint-submit').click();
  const row = section.getByTestId('order-complaint').first();
  await row.waitFor();
  await row.getByText('袖口开线').waitFor();
  await shot(m, 'as-01-order-section');
  problems.push(...(await axe(m, 'as-order-section')));

  const list = await api(app.base, li, 'GET', `/api/v1/complaints?order_id=${order.id}`);
  ok(list, 'list complaints');
  const complaintId = list.body.items[0].id;
  assert.equal(list.body.items[0].affected_qty, 30);

  // The factory answers (its screens are part E's).
  ok(await api(app.base, lin, 'POST', `/api/v1/complaints/${complaintId}/answer`, { answer: '车缝线张力不足，已调整设备。' }), 'factory answers');

  // The complaint: photos, the answer, investigate.
  await row.click();
  await m.waitForURL(`**/complaints/${complaintId}`);
  const detail = m.getByTestId('complaint-detail');
  await detail.getByTestId('complaint-photos').locator('img, [role="img"]').first().waitFor();
  await detail.getByTestId('factory-answer').getByText('车缝线张力不足').waitFor();
  await detail.getByText('buyer@yy.example').waitFor();
  await detail.getByTestId('complaint-investigate').click();
  await detail.getByTestId('complaint-status').getByText('调查中').waitFor();

  // Its CAPA: asked of the factory, written and completed by it, verified by staff.
  await detail.getByTestId('capa-open').click();
  const capaSheet = m.getByTestId('capa-open-sheet');
  await capaSheet.locator('[name="due_date"]').fill(inDays(10));
  await capaSheet.getByTestId('capa-open-submit').click();
  await detail.getByTestId('capa-status').getByText('进行中').waitFor();
  const c1 = (await api(app.base, li, 'GET', `/api/v1/complaints/${complaintId}`)).body;
  assert.ok(c1.capa?.id, 'the complaint has its CAPA');
  ok(await api(app.base, lin, 'PATCH', `/api/v1/capas/${c1.capa.id}`, {
    containment: '在库 300 件全检', root_cause: '车缝线张力不足', cause_category: 'machine', corrective_action: '调整张力并每日点检',
    preventive_action: '新增首件检验', owner: '林晓燕',
  }), 'factory writes the CAPA');
  ok(await api(app.base, lin, 'POST', `/api/v1/capas/${c1.capa.id}/complete`, {}), 'factory completes the CAPA');
  await m.reload();
  await detail.getByTestId('capa-status').getByText('待验证').waitFor();
  await detail.getByText('车缝线张力不足').first().waitFor();
  await detail.getByText('机').first().waitFor(); // the cause category in words
  problems.push(...(await axe(m, 'as-complaint-detail')));
  await detail.getByTestId('capa-verify').click();
  const verify = m.getByTestId('capa-verify-sheet');
  await verify.locator('[name="note"]').fill('现场确认已整改');
  await verify.getByTestId('capa-verify-submit').click();
  await detail.getByTestId('capa-status').getByText('已验证').waitFor();

  // The resolution wizard: each path's form.
  await detail.getByTestId('resolution-add').click();
  const wiz = m.getByTestId('resolution-sheet');
  await wiz.waitFor();
  await wiz.getByText(/最多还能 \d+ 件/).waitFor(); // the quantity limit
  await wiz.getByTestId('path-return').click();
  await wiz.locator('[name="then_kind"]').waitFor();
  await wiz.getByTestId('path-concession').click();
  assert.equal(await wiz.locator('[name="then_kind"]').count(), 0, 'no then-kind but for a return');
  await wiz.getByTestId('path-reproduction').click();
  await wiz.getByTestId('path-discount').click();
  await wiz.locator('[name="discount_amount"]').waitFor();
  await wiz.getByText('百分比').click();
  await wiz.locator('[name="discount_pct"]').waitFor();
  problems.push(...(await axe(m, 'as-resolution-wizard')));
  // A rework for 20 pieces, borne by the factory.
  await wiz.getByTestId('path-rework').click();
  await wiz.locator('[name="quantity"]').fill('20');
  await wiz.locator('[name="cost_bearer"]').selectOption('factory');
  await wiz.getByTestId('resolution-submit').click();
  await detail.locator('[data-testid="resolution"][data-kind="rework"]').waitFor();
  // A discount of 100.00 with a chargeback above it: refused, then 50.00.
  await detail.getByTestId('resolution-add').click();
  await wiz.getByTestId('path-discount').click();
  await wiz.locator('[name="quantity"]').fill('10');
  await wiz.locator('[name="cost_bearer"]').selectOption('shared');
  await wiz.locator('[name="discount_amount"]').fill('100.00');
  await wiz.locator('[name="chargeback_amount"]').fill('150.00');
  await wiz.getByTestId('resolution-submit').click();
  await wiz.getByText('扣款高于折扣', { exact: true }).waitFor();
  await wiz.locator('[name="chargeback_amount"]').fill('50.00');
  await wiz.getByTestId('resolution-submit').click();
  const discount = detail.locator('[data-testid="resolution"][data-kind="discount"]');
  await discount.waitFor();
  await discount.getByText(/100\.00/).waitFor();
  await discount.getByText(/50\.00/).waitFor();
  const saved = (await api(app.base, li, 'GET', `/api/v1/complaints/${complaintId}`)).body.resolutions.find((r) => r.kind === 'discount');
  assert.equal(typeof saved.discount_amount, 'string', 'money is a decimal string');
  await shot(m, 'as-02-complaint');

  // The rework is cancelled, the discount completed; the customer agrees and the complaint closes.
  const rework = detail.locator('[data-testid="resolution"][data-kind="rework"]');
  await rework.getByTestId('res-cancel').click();
  const step = m.getByTestId('res-step-sheet');
  await step.locator('[name="reason"]').fill('客户改为接受折扣');
  await step.getByTestId('res-step-submit').click();
  await rework.getByText('已取消').waitFor();
  await discount.getByTestId('res-complete').click();
  await m.locator('.van-dialog__confirm').click();
  await discount.getByText('已完成').waitFor();
  await detail.getByTestId('complaint-agree').click();
  await detail.getByTestId('complaint-status').getByText('方案已同意').waitFor();
  await detail.getByTestId('complaint-close').click();
  await detail.getByTestId('complaint-status').getByText('已关闭').waitFor();

  // Invoice and payment in full, the receivables list, and closing the order.
  await m.goto(`${app.base}/orders/${order.id}`);
  const fin = m.getByTestId('order-finance');
  await fin.getByTestId('invoice-open').click();
  const inv = m.getByTestId('invoice-sheet');
  await inv.locator('[name="number"]').fill('INV-AS-E2E');
  await inv.locator('[name="amount"]').fill('12345.60');
  await inv.locator('[name="currency"]').fill('USD');
  await inv.locator('[name="due_date"]').fill(inDays(30));
  await inv.getByTestId('invoice-submit').click();
  await fin.getByTestId('invoice').getByText('INV-AS-E2E').waitFor();
  await fin.getByTestId('finance-balance').getByText(/12,345\.60/).waitFor();

  await m.goto(`${app.base}/receivables`);
  await m.getByTestId('receivable-row').filter({ hasText: 'YY-2311' }).waitFor();
  problems.push(...(await axe(m, 'as-receivables')));

  await m.goto(`${app.base}/orders/${order.id}`);
  await fin.getByTestId('payment-open').click();
  const pay = m.getByTestId('payment-sheet');
  await pay.locator('[name="amount"]').fill('12345.60');
  await pay.locator('[name="reference"]').fill('TT 8812');
  await pay.getByTestId('payment-submit').click();
  await fin.getByTestId('finance-balance').getByText(/未收 USD 0\.00/).waitFor();
  problems.push(...(await axe(m, 'as-order-finance')));
  await section.getByTestId('order-close').click();
  await m.locator('.van-dialog__confirm').click();
  await m.getByText('订单已关闭').waitFor(); // the toast
  assert.equal((await api(app.base, li, 'GET', `/api/v1/orders/${order.id}`)).body.status, 'closed');
  await shot(m, 'as-03-closed');

  // The factory sees no finance (its own answers carry none: parts A–C test every key).
  assert.equal((await api(app.base, lin, 'GET', `/api/v1/orders/${order.id}/finance`)).status, 403);

  // On a phone: the complaints list (from Settings) as cards, one complaint.
  const p = await staffIn(browser, app.base, 'li.wang@gendan.demo', PHONE);
  await p.goto(`${app.base}/settings`);
  await p.getByTestId('complaints-link').click();
  await p.waitForURL('**/complaints');
  const card = p.getByTestId('complaint-row').filter({ hasText: 'YY-2311' }).first();
  await card.waitFor();
  problems.push(...(await axe(p, 'as-phone-list')));
  await card.click();
  await p.getByTestId('complaint-detail').getByTestId('complaint-status').getByText('已关闭').waitFor();
  problems.push(...(await axe(p, 'as-phone-detail')));
  await shot(p, 'as-04-phone');

  assert.deepEqual(problems, []);
});
