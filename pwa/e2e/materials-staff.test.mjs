// The merchandiser's material screens (issue 17, part H4) against the real
// server: a material supplier and three requirement lines made through the
// API on NW-24017; on a desktop the order page's Materials section shows
// them by category with their status colours, a line is added through the
// sheet (a bad consumption is refused at its field first), the BOM
// template downloads and a file that is not a workbook is refused,
// buyer-supplied and nominated lines cannot share a PO, the buyer's line
// becomes a PO; the PO list (from Settings) filters and opens it; the PO
// is sent, confirmed and rescheduled (no reason: refused; with one: the
// history shows it) and part of it received; a duplicate material
// supplier code is refused at its field and the supplier's five-rights
// scorecard opens; and on a phone the board shows cards. axe finds nothing serious on each.
//
// Skipped, with the reason printed, while the server lacks the API it
// drives: GET /api/v1/orders/1/materials (part H1) or GET
// /api/v1/material-pos (part H2) answers 404 — the backend parts merge
// one by one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiLogin, inDays, appFor, browserFor, signIn, shot, axe, DESK, PHONE } from './harness.mjs';

/** A merchandiser's page in its own context (axe needs one), signed in and on the dashboard. */
async function staffIn(browser, base, login, window = DESK) {
  const ctx = await browser.newContext({ ...window, locale: 'zh-CN', serviceWorkers: 'block' });
  const page = await ctx.newPage();
  await signIn(page, base, login);
  await page.waitForURL('**/dashboard');
  return page;
}

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

/** A material supplier and three lines (factory fabric, buyer lining, nominated trim) on NW-24017. */
async function setUp(base, token) {
  const orders = await call(base, token, 'GET', '/api/v1/orders?q=NW-24017');
  const order = orders.body.items[0];
  const sup = await call(base, token, 'POST', '/api/v1/material-suppliers', {
    code: 'E2E-YKK', name: 'YKK 上海', name_en: 'YKK Shanghai', contact_name: '王经理', contact_phone: '021-5555', contact_email: 'sales@ykk.example', address: '上海', active: true,
  });
  assert.equal(sup.status, 201, JSON.stringify(sup.body));
  const lines = [
    { category: 'fabric', name: '全棉斜纹 21×21', spec: '150cm', colour: '', material_colour: 'Navy', unit: 'm', consumption: '1.3500', wastage_pct: '3.00', sourced_by: 'factory', nominated_supplier_id: null, note: '' },
    { category: 'lining', name: '里布 210T', spec: '', colour: '', material_colour: 'White', unit: 'm', consumption: '0.8000', wastage_pct: '2.50', sourced_by: 'buyer', nominated_supplier_id: null, note: '客供' },
    { category: 'trim', name: '纽扣 18L', spec: '四眼', colour: '', material_colour: 'Black', unit: 'pcs', consumption: '6.0000', wastage_pct: '2.00', sourced_by: 'nominated', nominated_supplier_id: sup.body.id, note: '' },
  ];
  const ids = [];
  for (const l of lines) {
    const r = await call(base, token, 'POST', `/api/v1/orders/${order.id}/materials`, l);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    ids.push(r.body.id);
  }
  return { order, supplier: sup.body, ids };
}

test('merchandiser: the materials board, a line added, a PO from the buyer line, the PO list and detail (send, confirm, reschedule), material suppliers; phone', async (t) => {
  const app = await appFor(t);
  const li = await apiLogin(app.base, 'li.wang@gendan.demo');
  const browser = await browserFor(t);
  const { order, supplier, ids } = await setUp(app.base, li.access_token);
  const [fabricId, liningId, trimId] = ids;
  const problems = [];

  // The order page's Materials section, by category, colour-coded.
  const m = await staffIn(browser, app.base, 'li.wang@gendan.demo');
  await m.goto(`${app.base}/orders/${order.id}`);
  const board = m.getByTestId('materials-board');
  await board.getByRole('heading', { name: '物料' }).waitFor();
  await board.locator(`[data-line="${fabricId}"]`).waitFor();
  assert.equal(await board.getByTestId('material-line').count(), 3);
  for (const cat of ['面料', '里料', '辅料']) await board.getByRole('heading', { name: cat }).waitFor();
  await board.getByTestId('materials-readiness').waitFor();
  for (const id of ids) {
    const colour = await board.locator(`[data-line="${id}"]`).getAttribute('data-colour');
    assert.ok(['green', 'amber', 'red', 'grey'].includes(colour), `line ${id} has a colour: ${colour}`);
  }
  // The factory's fabric cannot be ticked; the buyer's and nominated lines can.
  assert.equal(await board.locator(`[data-line="${fabricId}"] input.pick`).count(), 0);
  await shot(m, '120-materials-board');
  problems.push(...(await axe(m, 'materials-board')));

  // Add a line: a bad consumption is refused at its field, then saved.
  await board.getByTestId('materials-add').click();
  const sheet = m.getByTestId('material-line-sheet');
  await sheet.locator('select[name="category"]').selectOption('packaging');
  await sheet.locator('input[name="name"]').fill('吊牌');
  await sheet.locator('input[name="unit"]').fill('pcs');
  await sheet.locator('input[name="consumption"]').fill('1.23456');
  await sheet.getByTestId('material-line-submit').click();
  await sheet.getByText('请填写大于 0 的数字，最多 4 位小数。').waitFor();
  await sheet.locator('input[name="consumption"]').fill('1');
  await sheet.locator('select[name="sourced_by"]').selectOption('buyer');
  problems.push(...(await axe(m, 'materials-line-sheet')));
  await sheet.getByTestId('material-line-submit').click();
  await sheet.waitFor({ state: 'hidden' });
  await board.getByRole('heading', { name: '包装' }).waitFor();
  const view = await call(app.base, li.access_token, 'GET', `/api/v1/orders/${order.id}/materials`);
  assert.equal(view.body.lines.length, 4);
  const tag = view.body.lines.find((l) => l.name === '吊牌');
  assert.equal(tag.category, 'packaging');
  assert.equal(tag.consumption.replace(/0+$/, '').replace(/\.$/, ''), '1');

  // Import a BOM: the template downloads; a file that is not a workbook is refused and nothing is added.
  await board.getByTestId('materials-import').click();
  const imp = m.getByTestId('bom-import-sheet');
  const [download] = await Promise.all([m.waitForEvent('download'), imp.getByTestId('bom-template').click()]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  await imp.getByTestId('bom-file').setInputFiles({ name: 'bom.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from('not a workbook') });
  await imp.getByTestId('bom-import-submit').click();
  await imp.getByTestId('bom-import-error').waitFor();
  problems.push(...(await axe(m, 'materials-import')));
  await imp.getByRole('button', { name: '关闭' }).click();
  await imp.waitFor({ state: 'hidden' });
  assert.equal((await call(app.base, li.access_token, 'GET', `/api/v1/orders/${order.id}/materials`)).body.lines.length, 4);

  // Buyer-supplied and nominated lines cannot share a PO.
  await board.locator(`[data-line="${liningId}"] input.pick`).check();
  await board.locator(`[data-line="${trimId}"] input.pick`).check();
  await board.getByTestId('materials-create-po').click();
  await m.getByText('客供和指定供应商的物料请分开下单。').waitFor();
  await board.locator(`[data-line="${trimId}"] input.pick`).uncheck();

  // The buyer's lining becomes a PO.
  await board.getByTestId('materials-create-po').click();
  const po = m.getByTestId('material-po-sheet');
  await po.locator('select[name="material_supplier_id"]').selectOption(String(supplier.id));
  const promised = inDays(10);
  await po.locator('input[name="promised_date"]').fill(promised);
  await po.locator('input[name="eta"]').fill(inDays(14));
  await po.locator('input[name="deliver_to"]').fill('锦绫仓');
  const qty = await po.locator('input[name="lines[0].quantity"]').inputValue();
  assert.ok(/^\d+\.\d{2}$/.test(qty), `the quantity left to order is proposed: ${qty}`);
  await po.locator('input[name="lines[0].unit_price"]').fill('12.50');
  problems.push(...(await axe(m, 'materials-po-sheet')));
  await po.getByTestId('material-po-submit').click();
  await po.waitFor({ state: 'hidden' });
  const list = await call(app.base, li.access_token, 'GET', `/api/v1/material-pos?order_id=${order.id}`);
  assert.equal(list.status, 200, JSON.stringify(list.body));
  assert.equal(list.body.items.length, 1);
  const poId = list.body.items[0].id;
  assert.equal(list.body.items[0].sourced_by, 'buyer');
  assert.equal(list.body.items[0].status, 'draft');

  // The PO list from Settings: the filters and the row.
  await m.goto(`${app.base}/settings`);
  await m.getByTestId('material-pos-link').click();
  await m.waitForURL('**/materials/pos');
  const row = m.locator(`[data-testid="material-po-row"][data-po="${poId}"]`);
  await row.waitFor();
  await m.getByTestId('po-due-overdue').click();
  await m.waitForFunction(() => location.search.includes('due=overdue'));
  await row.waitFor({ state: 'detached' }); // promised in ten days: not overdue
  await m.getByTestId('po-due-all').click();
  await m.locator('select[name="status"]').selectOption('draft');
  await row.waitFor();
  problems.push(...(await axe(m, 'materials-po-list')));
  await row.getByRole('link', { name: list.body.items[0].po_number }).click();
  await m.waitForURL(`**/materials/pos/${poId}`);

  // The detail: the price is shown to staff; send, confirm, reschedule.
  const detail = m.getByTestId('material-po-detail');
  await detail.getByTestId('material-po-price').getByText('12.50').waitFor();
  await detail.getByTestId('po-send').click();
  await m.getByRole('dialog').getByRole('button', { name: '发给供应商' }).click();
  await detail.getByTestId('material-po-status').getByText('已发出').waitFor();
  await detail.getByTestId('po-confirm').click();
  const act = m.getByTestId('po-action-sheet');
  await act.locator('input[name="promised_date"]').fill(promised);
  await act.getByTestId('po-action-submit').click();
  await act.waitFor({ state: 'hidden' });
  await detail.getByTestId('material-po-status').getByText('已确认').waitFor();
  await detail.getByTestId('po-reschedule').click();
  await act.locator('select[name="field"]').selectOption('eta');
  await act.locator('input[name="date"]').fill(inDays(16));
  await act.getByTestId('po-action-submit').click();
  await act.getByText('请选择原因。').waitFor(); // no reason: not sent
  await act.locator('select[name="reason_code"]').selectOption('supplier_capacity');
  await act.getByTestId('po-action-submit').click();
  await act.waitFor({ state: 'hidden' });
  await detail.getByTestId('material-po-history').getByText(/供应商产能/).waitFor();
  const after = (await call(app.base, li.access_token, 'GET', `/api/v1/material-pos/${poId}`)).body;
  assert.equal(after.status, 'confirmed');
  assert.equal(after.eta, inDays(16));
  assert.equal(after.baseline_date, promised);
  assert.equal(after.changes.at(-1)?.reason_code ?? after.changes[0].reason_code, 'supplier_capacity');
  // Staff record a receipt of part of it (the buyer's goods at the factory): the PO is partly received.
  await detail.getByTestId('po-receive').click();
  await act.locator('input[name="quantity"]').fill('100');
  await act.locator('input[name="warehouse"]').fill('锦绫仓');
  await act.locator('input[name="location"]').fill('A-3');
  await act.getByTestId('po-action-submit').click();
  await act.waitFor({ state: 'hidden' });
  await detail.getByTestId('material-po-status').getByText('部分到货').waitFor();
  await detail.getByTestId('material-po-receipts').getByText(/锦绫仓 A-3/).waitFor();
  const got = (await call(app.base, li.access_token, 'GET', `/api/v1/material-pos/${poId}`)).body;
  assert.equal(got.status, 'partially_received');
  assert.equal(got.lines[0].received_qty, '100.00');
  await shot(m, '121-materials-po-detail');
  problems.push(...(await axe(m, 'materials-po-detail')));

  // Material suppliers: a duplicate code is refused at its field.
  await m.goto(`${app.base}/materials/suppliers`);
  await m.locator(`[data-supplier="${supplier.id}"]`).waitFor();
  await m.getByTestId('material-supplier-add').click();
  const ss = m.getByTestId('material-supplier-sheet');
  await ss.locator('input[name="code"]').fill('E2E-YKK');
  await ss.locator('input[name="name"]').fill('重复');
  await ss.getByTestId('material-supplier-submit').click();
  await ss.getByTestId('material-supplier-error').waitFor();
  problems.push(...(await axe(m, 'materials-suppliers')));
  assert.equal((await call(app.base, li.access_token, 'GET', '/api/v1/material-suppliers')).body.items.filter((s) => s.code === 'E2E-YKK').length, 1);

  // The five-rights scorecard from the supplier's row (part H3's answer; left out while it is not merged).
  await ss.getByRole('button', { name: '关闭' }).click();
  await ss.waitFor({ state: 'hidden' });
  if ((await call(app.base, li.access_token, 'GET', `/api/v1/material-suppliers/${supplier.id}/scorecard`)).status === 404) {
    console.log('# materials-staff: the scorecard step is left out — GET /api/v1/material-suppliers/:id/scorecard answered 404 (part H3 not merged)');
  } else {
    await m.locator(`[data-supplier="${supplier.id}"]`).getByRole('link', { name: '五适评分' }).click();
    await m.waitForURL(`**/materials/suppliers/${supplier.id}/scorecard`);
    await m.getByTestId('score-right').first().waitFor();
    assert.equal(await m.getByTestId('score-right').count(), 5);
    await m.getByRole('heading', { name: '适时' }).waitFor();
    problems.push(...(await axe(m, 'materials-scorecard')));
  }

  // A phone: the board as cards.
  const p = await staffIn(browser, app.base, 'li.wang@gendan.demo', PHONE);
  await p.goto(`${app.base}/orders/${order.id}`);
  const pb = p.getByTestId('materials-board');
  await pb.locator(`li[data-line="${fabricId}"]`).waitFor();
  assert.equal(await pb.locator('table').count(), 0, 'no table on a phone');
  await pb.locator(`li[data-line="${fabricId}"]`).scrollIntoViewIfNeeded();
  await shot(p, '122-materials-board-phone', false);
  problems.push(...(await axe(p, 'materials-board-phone')));

  assert.deepEqual(problems, []);
});
