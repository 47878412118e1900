// Material follow-up on the factory's phone (issue 17's main path): the
// merchandiser imports a BOM (an xlsx, through the API) for an order the
// factory buys the materials of; on a phone, in Chinese, the factory makes
// its PO for the fabric to the mill and sends it, confirms the mill's date
// (with no signal: it waits in the outbox and goes once back online),
// records the goods in with a photo, inspects the roll by the four-point
// system (the result shown live, then the server's), and the order's
// material readiness turns green. axe on every screen and sheet.
//
// The main path runs twice: on the embedded SQLite, and on MariaDB when
// GENDAN_TEST_MYSQL_DSN names one (CI), a fresh database of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { api, apiLogin, appFor, axe, browserFor, inDays, mysqlEnv, openFactoryOrder, root, shot, until, PHONE } from './harness.mjs';

// ---- a minimal .xlsx (a zip of stored entries, one sheet of inline strings) ----

const CRC = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text, 'utf8');
    const fname = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(0, 10); // time, date
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fname.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fname.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fname, data);
    centrals.push(central, fname);
    offset += local.length + fname.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const col = (i) => String.fromCharCode(65 + i);

/** An .xlsx workbook of one sheet holding rows (arrays of strings). */
function xlsx(rows) {
  const sheetRows = rows.map((r, ri) => `<row r="${ri + 1}">` + r.map((v, ci) =>
    `<c r="${col(ci)}${ri + 1}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`).join('') + '</row>').join('');
  return zip([
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'],
    ['_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'],
    ['xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="BOM" sheetId="1" r:id="rId1"/></sheets></workbook>'],
    ['xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'],
    ['xl/worksheets/sheet1.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      `<sheetData>${sheetRows}</sheetData></worksheet>`],
  ]);
}

/** POSTs a file as the multipart part `file`; resolves {status, body}. */
async function upload(base, token, path, name, buf) {
  const form = new FormData();
  form.append('file', new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), name);
  const res = await fetch(base + path, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  const text = await res.text();
  let body = text;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body };
}

const FABRIC = '全棉府绸 E2E';

/** GET /orders/:id/materials with its readiness (from GET …/material-readiness where the answer has none). */
async function materials(base, token, orderId) {
  const m = await api(base, token, 'GET', `/api/v1/orders/${orderId}/materials`);
  assert.equal(m.status, 200, JSON.stringify(m.body));
  if (!m.body.readiness) {
    const r = await api(base, token, 'GET', `/api/v1/orders/${orderId}/material-readiness`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    m.body.readiness = r.body.readiness;
    for (const l of m.body.lines) l.readiness ||= r.body.lines.find((x) => x.line_id === l.id)?.readiness;
  }
  return m.body;
}

for (const db of ['sqlite', 'mysql']) {
test(`materials on the factory phone (${db}): a BOM imported, the PO date confirmed, the roll received and inspected, readiness green`, async (t) => {
  const env = db === 'mysql' ? mysqlEnv(t) : {};
  if (!env) return;
  const app = await appFor(t, env);
  const li = await apiLogin(app.base, 'li.wang@gendan.demo');

  // The merchandiser: a mill in the master data, and the BOM of the factory's order NW-24017 from an xlsx.
  const list = await api(app.base, li.access_token, 'GET', '/api/v1/orders?q=NW-24017');
  assert.equal(list.status, 200, JSON.stringify(list.body));
  const orderId = list.body.items[0].id;
  const mill = await api(app.base, li.access_token, 'POST', '/api/v1/material-suppliers',
    { code: 'E2E-MILL', name: '绍兴测试面料厂', name_en: 'Shaoxing Test Mill', contact_name: '王经理', contact_phone: '0575-0000000', contact_email: 'mill@example.com', address: '浙江绍兴', active: true });
  assert.equal(mill.status, 201, JSON.stringify(mill.body));
  const book = xlsx([
    ['category', 'name', 'spec', 'colour', 'material colour', 'unit', 'consumption', 'wastage %', 'sourced by', 'needed by', 'note'],
    ['fabric', FABRIC, '40s×40s 133×72 57/58″', '', '藏青', 'm', '1.35', '3', 'factory', '', 'E2E'],
  ]);
  const imported = await upload(app.base, li.access_token, `/api/v1/orders/${orderId}/materials/import`, 'bom.xlsx', book);
  assert.ok(imported.status === 200 || imported.status === 201, `import: ${imported.status} ${JSON.stringify(imported.body)}`);
  assert.equal(imported.body.created, 1);
  const mat = await materials(app.base, li.access_token, orderId);
  const line = mat.lines.find((l) => l.name === FABRIC);
  assert.ok(line, 'the imported line');
  assert.equal(line.sourced_by, 'factory');
  assert.match(line.required_qty, /^\d+\.\d{2}$/, 'a decimal string');
  assert.notEqual(mat.readiness.status, 'ready');

  // On the factory's phone, in Chinese.
  const browser = await browserFor(t);
  const ctx = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  t.after(() => ctx.close());
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const found = [];

  await openFactoryOrder(page, app.base);
  assert.equal(new URL(page.url()).pathname, `/orders/${orderId}`);
  const cell = page.getByTestId('open-materials');
  await cell.waitFor();
  await cell.getByText('物料').first().waitFor();
  found.push(...(await axe(page, 'mat-order-page')));
  await cell.click();
  await page.waitForURL(new RegExp(`/orders/${orderId}/materials$`));
  const readiness = page.getByTestId('mat-readiness');
  await readiness.waitFor();
  assert.notEqual(await readiness.getAttribute('data-status'), 'ready');
  const row = page.locator(`[data-testid="mat-line"][data-line="${line.id}"]`);
  await row.getByText(FABRIC).waitFor();
  found.push(...(await axe(page, 'mat-materials')));
  await shot(page, 'mat-f1-materials');

  // The factory buys this fabric itself: a PO to the mill for what is needed, then sent.
  const chen = await apiLogin(app.base, 'chen@jinling.demo');
  await page.getByTestId('mat-new-po').click();
  const np = page.getByTestId('mat-new-po-sheet');
  await np.waitFor();
  await np.locator(`select[name="material_supplier_id"] option[value="${mill.body.id}"]`).waitFor({ state: 'attached' });
  await np.locator('select[name="material_supplier_id"]').selectOption(String(mill.body.id));
  await np.locator('input[name="promised_date"]').fill(inDays(3));
  await np.locator('input[name="eta"]').fill(inDays(5));
  await np.locator('input[name="deliver_to"]').fill('面料仓');
  assert.equal(Number(await np.locator(`input[name="lines.${line.id}.quantity"]`).inputValue()), Number(line.required_qty), 'what is still to order');
  await np.locator(`input[name="lines.${line.id}.unit_price"]`).fill('18.50');
  found.push(...(await axe(page, 'mat-new-po-sheet')));
  await np.getByTestId('mat-new-po-submit').click();
  await np.waitFor({ state: 'hidden' });
  const po = await until(async () => (await api(app.base, chen.access_token, 'GET', `/api/v1/material-pos?order_id=${orderId}`)).body.items?.[0], 'the PO made');
  const poId = po.id;
  assert.equal(po.status, 'draft');
  assert.equal(po.sourced_by, 'factory');
  assert.equal(po.material_supplier.id, mill.body.id);
  assert.equal(Number(po.lines[0].quantity), Number(line.required_qty));
  assert.equal(po.lines[0].unit_price, '18.50');
  await page.locator(`[data-testid="mat-po"][data-po="${poId}"]`).waitFor();

  // The PO: the factory confirms the mill's date.
  await page.locator(`[data-testid="mat-po"][data-po="${poId}"]`).click();
  await page.waitForURL(new RegExp(`/materials/pos/${poId}$`));
  const status = page.getByTestId('mat-po-status');
  await status.waitFor();
  assert.equal(await status.getAttribute('data-status'), 'draft');
  found.push(...(await axe(page, 'mat-po')));
  await page.getByTestId('mat-po-send').click();
  await until(async () => (await status.getAttribute('data-status')) === 'sent', 'the PO sent');
  await page.getByTestId('mat-po-confirm').click();
  const confirm = page.getByTestId('mat-confirm-sheet');
  await confirm.waitFor();
  await confirm.locator('input[name="promised_date"]').fill(inDays(4));
  await confirm.locator('input[name="eta"]').fill(inDays(6));
  found.push(...(await axe(page, 'mat-confirm-sheet')));
  // In the mill's yard with no signal: the confirmation waits on the phone, and goes when the signal is back.
  await ctx.setOffline(true);
  await confirm.getByTestId('mat-confirm-submit').click();
  await confirm.waitFor({ state: 'hidden' });
  await page.getByTestId('mat-po-waiting').waitFor();
  assert.equal((await api(app.base, chen.access_token, 'GET', `/api/v1/material-pos/${poId}`)).body.status, 'sent', 'nothing sent while offline');
  await ctx.setOffline(false);
  await until(async () => (await status.getAttribute('data-status')) === 'confirmed', 'the PO confirmed on screen', 45_000).catch(async (e) => {
    // Which side fell behind: the outbox (still waiting) or the screen (the server has it).
    const server = (await api(app.base, chen.access_token, 'GET', `/api/v1/material-pos/${poId}`)).body.status;
    const queued = await page.getByTestId('mat-po-waiting').count();
    throw new Error(`${e.message} (server: ${server}, writes still queued on screen: ${queued})`);
  });
  await page.getByTestId('mat-po-waiting').waitFor({ state: 'detached' });
  const confirmed = (await api(app.base, chen.access_token, 'GET', `/api/v1/material-pos/${poId}`)).body;
  assert.equal(confirmed.status, 'confirmed');
  assert.equal(confirmed.promised_date, inDays(4));
  assert.equal(confirmed.eta, inDays(6));
  assert.ok(confirmed.baseline_date, 'the first promise is kept as the baseline');
  assert.ok(confirmed.lines.every((l) => 'unit_price' in l), 'the factory sees the price of its own PO');

  // Goods in: the whole quantity, into the fabric store, with a photo.
  await page.getByTestId('mat-po-receive').click();
  const receive = page.getByTestId('mat-receive-sheet');
  await receive.waitFor();
  assert.equal(Number(await receive.locator('input[name="quantity"]').inputValue()), Number(line.required_qty), 'prefilled with what is still to come');
  await receive.locator('input[name="warehouse"]').fill('面料仓');
  await receive.locator('input[name="location"]').fill('A-01');
  assert.equal(await receive.locator('[data-handling="accepted"]').getAttribute('aria-pressed'), 'true');
  await receive.locator('input[type="file"]').setInputFiles(join(root, 'pwa', 'e2e', 'fixtures', 'photo.jpg'));
  await receive.getByTestId('photo-thumb').waitFor();
  found.push(...(await axe(page, 'mat-receive-sheet')));
  await receive.getByTestId('mat-receive-submit').click();
  await receive.waitFor({ state: 'hidden' });
  const received = await until(async () => {
    const p = (await api(app.base, chen.access_token, 'GET', `/api/v1/material-pos/${poId}`)).body;
    return p.receipts?.length === 1 && p;
  }, 'the receipt recorded');
  assert.equal(Number(received.lines[0].received_qty), Number(line.required_qty));
  assert.equal(received.receipts[0].warehouse, '面料仓');
  assert.equal(received.receipts[0].location, 'A-01');
  assert.equal(received.receipts[0].handling, 'accepted');
  assert.equal(received.receipts[0].photos.length, 1, 'the photo went with the receipt');
  assert.equal(received.status, 'received');
  await page.getByTestId('mat-receipt').first().waitFor();

  // The roll by the four-point system: 120 yd × 58 in, a 6-inch defect at yard 3 and a small hole at yard 4.
  await page.getByTestId('mat-inspect-fabric').click();
  await page.waitForURL(/\/inspect\?/);
  const roll = page.getByTestId('fp-roll').first();
  await roll.waitFor();
  await roll.locator('input[name="rolls[0].roll_no"]').fill('R-001');
  await roll.locator('input[name="rolls[0].yards"]').fill('120');
  await roll.locator('input[name="rolls[0].width_in"]').fill('58');
  await roll.getByRole('button', { name: '下一码' }).click();
  await roll.getByRole('button', { name: '下一码' }).click();
  await roll.locator('[data-quick="b2"]').click();
  await roll.getByRole('button', { name: '下一码' }).click();
  await roll.locator('[data-quick="h1"]').click();
  const live = page.getByTestId('fp-live');
  // 4 points × 3600 / (120 × 58) = 2.07 per 100 square yards: a pass.
  await live.getByText('每百平方码 2.07 分').waitFor();
  assert.equal(await live.getAttribute('data-result'), 'pass');
  assert.match(await roll.getByTestId('fp-roll-points').innerText(), /4 分/);
  found.push(...(await axe(page, 'mat-fabric-inspection')));
  await shot(page, 'mat-f2-fabric-inspection');
  await page.getByTestId('fp-submit').click();
  await page.waitForURL(new RegExp(`/materials/pos/${poId}$`));
  // The server's result (the one that counts): the PO line's goods passed, nothing short.
  const lineStatus = page.locator(`[data-testid="mat-po-line-row"][data-line="${received.lines[0].id}"]`).getByTestId('mat-po-line-status');
  await until(async () => (await lineStatus.getAttribute('data-status').catch(() => null)) === 'ready', 'the PO line passed');
  assert.equal(await page.getByTestId('mat-inspect-fabric').count(), 0, 'nothing left to inspect');
  const after = (await materials(app.base, chen.access_token, orderId)).lines.find((l) => l.id === line.id);
  assert.equal(after.readiness.status, 'ready');
  assert.equal(Number(after.readiness.passed), Number(line.required_qty));
  assert.equal(Number(after.readiness.short), 0);

  // The order's materials are ready: green, in words, on the materials screen and on the order page.
  await page.getByText('返回物料').click();
  await page.waitForURL(new RegExp(`/orders/${orderId}/materials$`));
  await until(async () => (await readiness.getAttribute('data-status')) === 'ready', 'readiness ready');
  assert.match(await readiness.getAttribute('class'), /t-good/);
  await readiness.getByText('物料齐套，可以开裁').waitFor();
  assert.equal(await row.getAttribute('data-status'), 'ready');
  found.push(...(await axe(page, 'mat-materials-ready')));
  await shot(page, 'mat-f3-ready');
  assert.equal((await materials(app.base, li.access_token, orderId)).readiness.status, 'ready');
  await page.getByText('返回订单').click();
  await page.waitForURL(new RegExp(`/orders/${orderId}$`));
  await until(async () => (await page.getByTestId('open-materials').getAttribute('data-status')) === 'ready', 'the order page says ready');

  assert.deepEqual(found, [], 'axe: no critical or serious findings');
  assert.deepEqual(errors, [], 'no uncaught errors in the page');
});
}

test('materials on the factory phone: a date moved with a reason in words, shipped with carrier and tracking, a trims lot inspected by AQL', async (t) => {
  const app = await appFor(t);
  const li = await apiLogin(app.base, 'li.wang@gendan.demo');
  const orderId = (await api(app.base, li.access_token, 'GET', '/api/v1/orders?q=NW-24017')).body.items[0].id;
  const mill = await api(app.base, li.access_token, 'POST', '/api/v1/material-suppliers', { code: 'E2E-TRIM', name: '义乌测试辅料厂', name_en: 'Yiwu Test Trims', active: true });
  assert.equal(mill.status, 201, JSON.stringify(mill.body));
  const book = xlsx([
    ['类别', '名称', '规格型号', '单位', '单耗', '损耗%', '采购方'],
    ['trim', '树脂纽扣 E2E', '18L 四眼', 'pcs', '6', '2', 'factory'],
  ]);
  const imported = await upload(app.base, li.access_token, `/api/v1/orders/${orderId}/materials/import`, 'bom-zh.xlsx', book);
  assert.ok(imported.status === 200 || imported.status === 201, `import: ${imported.status} ${JSON.stringify(imported.body)}`);
  const line = imported.body.lines[0];
  const chen = await apiLogin(app.base, 'chen@jinling.demo');
  const created = await api(app.base, chen.access_token, 'POST', `/api/v1/orders/${orderId}/material-pos`, {
    material_supplier_id: mill.body.id, sourced_by: 'factory', currency: 'CNY', ordered_date: inDays(0), promised_date: inDays(3), eta: inDays(5),
    deliver_to: '辅料仓', note: '', lines: [{ line_id: line.id, quantity: line.required_qty, unit_price: '' }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const poId = created.body.id;
  for (const [path, body] of [['send', {}], ['confirm', { promised_date: inDays(3), eta: inDays(5) }]]) {
    const r = await api(app.base, chen.access_token, 'POST', `/api/v1/material-pos/${poId}/${path}`, body);
    assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
  }

  const browser = await browserFor(t);
  const ctx = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  t.after(() => ctx.close());
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const found = [];
  await openFactoryOrder(page, app.base);
  await page.goto(`${app.base}/orders/${orderId}/materials/pos/${poId}`);
  const status = page.getByTestId('mat-po-status');
  await status.waitFor();
  assert.equal(await status.getAttribute('data-status'), 'confirmed');

  // The mill is behind: the arrival moves, with the reason picked from the seed's three causes.
  await page.getByTestId('mat-po-reschedule').click();
  const rs = page.getByTestId('mat-reschedule-sheet');
  await rs.waitFor();
  await rs.locator('[data-field="eta"]').click();
  await rs.locator('input[name="date"]').fill(inDays(8));
  await rs.getByTestId('mat-reschedule-submit').click();
  await rs.getByText('请选择原因。').waitFor();
  await rs.getByTestId('mat-reasons').getByText('供应商原因').waitFor();
  await rs.locator('[data-reason="supplier_capacity"]').click();
  await rs.getByLabel('备注').fill('注塑机检修两天');
  found.push(...(await axe(page, 'mat-reschedule-sheet')));
  await rs.getByTestId('mat-reschedule-submit').click();
  await rs.waitFor({ state: 'hidden' });
  const change = page.getByTestId('mat-change').first();
  await change.getByText(/供应商原因 · 产能不足 · 注塑机检修两天/).waitFor();
  const moved = (await api(app.base, chen.access_token, 'GET', `/api/v1/material-pos/${poId}`)).body;
  assert.equal(moved.eta, inDays(8));
  assert.deepEqual(moved.changes.map((c) => [c.field, c.to, c.reason_code]), [['eta', inDays(8), 'supplier_capacity']]);

  // Shipped, with the carrier and the tracking number.
  await page.getByTestId('mat-po-ship').click();
  const ship = page.getByTestId('mat-ship-sheet');
  await ship.waitFor();
  await ship.locator('input[name="carrier"]').fill('德邦物流');
  await ship.locator('input[name="tracking"]').fill('DB20261203');
  found.push(...(await axe(page, 'mat-ship-sheet')));
  await ship.getByTestId('mat-ship-submit').click();
  await ship.waitFor({ state: 'hidden' });
  await until(async () => (await status.getAttribute('data-status')) === 'shipped', 'the PO shipped on screen');
  const shipped = (await api(app.base, chen.access_token, 'GET', `/api/v1/material-pos/${poId}`)).body;
  assert.equal(shipped.carrier, '德邦物流');
  assert.equal(shipped.tracking, 'DB20261203');
  assert.equal(shipped.shipped_date.length, 10);

  // The buttons arrive: goods in (through the API here), then the lot inspected by AQL on the phone.
  const rec = await api(app.base, chen.access_token, 'POST', `/api/v1/material-pos/${poId}/receipts`,
    { po_line_id: shipped.lines[0].id, received_date: inDays(0), quantity: shipped.lines[0].quantity, warehouse: '辅料仓', location: 'B-2', handling: 'accepted', note: '', photo_ids: [] });
  assert.equal(rec.status, 201, JSON.stringify(rec.body));
  await page.reload();
  await page.getByTestId('mat-inspect-trim').click();
  const trim = page.getByTestId('mat-trim-sheet');
  await trim.waitFor();
  assert.equal(await trim.locator('input[name="lot_size"]').inputValue(), String(Math.floor(Number(shipped.lines[0].quantity))), 'the lot is what came in');
  await trim.getByRole('button', { name: '加一' }).click();
  assert.equal(await trim.locator('input[name="defects"]').inputValue(), '1');
  found.push(...(await axe(page, 'mat-trim-sheet')));
  await trim.getByTestId('mat-trim-submit').click();
  await trim.waitFor({ state: 'hidden' });
  const lineStatus = page.getByTestId('mat-po-line-status');
  await until(async () => (await lineStatus.getAttribute('data-status').catch(() => null)) === 'ready', 'the trims passed');
  assert.deepEqual(found, [], 'axe: no critical or serious findings');
  assert.deepEqual(errors, [], 'no uncaught errors in the page');
});
