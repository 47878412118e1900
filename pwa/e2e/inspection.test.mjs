// The inspection loop on phones: the factory books a final inspection from
// its order screen; staff confirm it and assign the QC inspector (through
// the API); the inspector opens it, loses the signal, records two defects
// with a photo, completes it and sees "waiting to sync"; back online the
// server's verdict appears, and the printable report shows the verdict,
// the plan and the defects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { api, apiLogin, inDays, qcLogin, root, signIn, shot, appFor, browserFor, openFactoryOrder, PHONE } from './harness.mjs';

const photo = join(root, 'pwa', 'e2e', 'fixtures', 'photo.jpg');

test('inspection: factory books, staff confirm and assign, QC records offline, the server verdict and the report', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const errors = [];

  // Factory, on a phone: book a final inspection.
  const fctx = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  t.after(() => fctx.close());
  const f = await fctx.newPage();
  f.on('pageerror', (e) => errors.push(e.message));
  const orderId = await openFactoryOrder(f, app.base);
  const section = f.getByTestId('order-inspections');
  await section.waitFor();
  await f.getByTestId('insp-book').click();
  const sheet = f.getByTestId('book-sheet');
  await sheet.waitFor();
  await sheet.locator('[data-type="fri"]').click();
  await sheet.locator('input[name="date"]').fill(inDays(5));
  await sheet.locator('input[name="quantity_ready"]').fill('1200');
  await sheet.locator('input[name="total_cartons"]').fill('100');
  await sheet.locator('input[name="address"]').fill('杭州市余杭区锦绫工业园 3 号楼');
  await sheet.getByTestId('book-submit').click();
  await sheet.waitFor({ state: 'hidden' });

  // Staff confirm it and assign the QC inspector, through the API.
  const li = await apiLogin(app.base, 'li.wang@gendan.demo');
  const sun = await qcLogin(app.base);
  assert.equal(sun.user.role, 'qc');
  const list = await api(app.base, li.access_token, 'GET', `/api/v1/orders/${orderId}/inspections`);
  assert.equal(list.status, 200, JSON.stringify(list.body));
  // The demo data may hold other inspections of this order: ours is the newest requested FRI on that date.
  const booked = list.body.items.filter((x) => x.type === 'fri' && x.status === 'requested' && x.date === inDays(5)).sort((a, b) => b.id - a.id)[0];
  assert.ok(booked, 'the booking is on the order');
  const row = section.locator(`[data-inspection="${booked.id}"]`);
  await row.getByText('待确认').waitFor();
  await shot(f, '80-insp-factory-booked');
  assert.equal(booked.status, 'requested');
  const confirmed = await api(app.base, li.access_token, 'POST', `/api/v1/inspections/${booked.id}/confirm`, {});
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  const assigned = await api(app.base, li.access_token, 'POST', `/api/v1/inspections/${booked.id}/assign`, { inspector_id: sun.user.id });
  assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
  assert.equal(assigned.body.inspector?.id, sun.user.id);

  // The inspector, on a phone: their list, the inspection.
  const qctx = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  t.after(() => qctx.close());
  const q = await qctx.newPage();
  q.on('pageerror', (e) => errors.push(e.message));
  await signIn(q, app.base, 'sun.qc@gendan.demo');
  await q.waitForURL('**/inspections');
  await q.locator(`[data-inspection="${booked.id}"]`).click();
  await q.waitForURL(new RegExp(`/inspections/${booked.id}$`));
  await q.getByTestId('insp-po').getByText('NW-24017').waitFor();
  await q.getByTestId('plan').waitFor();
  // The switching rules' severity for this supplier's family is shown.
  await q.getByTestId('insp-severity').getByText(/正常检验|加严检验|放宽检验/).waitFor();
  const toOpen = Number(await q.getByTestId('cartons-to-open').innerText());
  assert.equal(toOpen, 10, 'ceil(√100) cartons to open');
  const defects = q.getByTestId('defect');
  await defects.nth(1).waitFor();

  // The work is kept on the phone: a restart (reload) keeps a counted defect.
  // (Counting a code makes it "most used" on this phone: it moves up.)
  const kept = await defects.nth(2).getAttribute('data-code');
  await defects.nth(2).getByTestId('plus').click();
  await q.waitForTimeout(600); // the draft is written 300 ms after the last change
  await q.reload();
  await q.getByTestId('draft-restored').waitFor();
  const again = q.locator(`[data-testid="defect"][data-code="${kept}"]`);
  assert.equal(await again.getByTestId('count').innerText(), '1', 'the draft survived the reload');
  assert.equal(await defects.nth(0).getAttribute('data-code'), kept, 'the code used comes first');
  await again.getByTestId('minus').click();

  // No signal: two defects, a photo, the cartons opened, complete.
  await qctx.setOffline(true);
  await q.getByText('当前离线').first().waitFor();
  const first = defects.nth(0);
  const second = defects.nth(1);
  const codes = [await first.getAttribute('data-code'), await second.getAttribute('data-code')];
  await first.getByTestId('plus').click();
  await second.getByTestId('plus').click();
  assert.equal(await first.getByTestId('count').innerText(), '1');
  await first.locator('input[type="file"]').setInputFiles(photo);
  await first.getByTestId('photo-thumb').waitFor();
  await q.getByTestId('live-verdict').getByText(/发现 \d+，最多可接受 \d+/).first().waitFor();
  await q.locator('input[name="cartons_opened"]').fill(String(toOpen));
  await q.getByTestId('complete').click();
  const waiting = q.getByTestId('insp-waiting');
  await waiting.getByText('等待同步').waitFor();
  assert.equal(await q.getByTestId('server-verdict').count(), 0, 'no verdict before the server has it');
  await shot(q, '81-insp-qc-waiting');

  // Back online: the outbox sends the photo, then the results; the
  // server's verdict appears.
  await qctx.setOffline(false);
  const verdict = q.getByTestId('server-verdict');
  await verdict.waitFor({ timeout: 30_000 });
  const done = await api(app.base, li.access_token, 'GET', `/api/v1/inspections/${booked.id}`);
  assert.equal(done.status, 200);
  assert.equal(done.body.status, 'completed');
  assert.ok(done.body.result === 'pass' || done.body.result === 'fail');
  const word = done.body.result === 'pass' ? '合格' : '不合格';
  assert.equal((await verdict.locator('.big').innerText()).trim(), word);
  assert.deepEqual(done.body.defects.map((d) => d.code).sort(), [...codes].sort());
  assert.equal(done.body.defects.find((d) => d.code === codes[0]).photo_ids.length, 1, 'the photo is on the first defect');
  assert.equal(await waiting.count(), 0);
  await shot(q, '82-insp-qc-verdict');

  // The printable report.
  await q.getByTestId('open-report').click();
  await q.waitForURL(new RegExp(`/inspections/${booked.id}/report$`));
  const report = q.getByTestId('insp-report');
  await report.getByTestId('report-po').getByText('NW-24017').waitFor();
  assert.equal((await report.getByTestId('report-verdict').locator('.vbig').innerText()).trim(), word);
  // A final inspection feeds the switching rules: the report says where they stand.
  await report.getByTestId('switching').getByText(/转移规则/).waitFor();
  const plan = report.getByTestId('report-plan');
  assert.equal(await plan.locator('tbody tr').count(), 3, 'a plan row per severity');
  assert.match(await plan.locator('[data-severity="major"]').innerText(), /2\.5/);
  const rows = report.getByTestId('report-defects').locator('tbody tr');
  assert.equal(await rows.count(), 2);
  await q.waitForFunction(() => [...document.querySelectorAll('[data-testid="report-photo"] img')].some((i) => i.complete && i.naturalWidth > 0));
  // The report's own language switch.
  await report.locator('[data-lang="en"]').click();
  await report.getByText('Inspection report').waitFor();
  assert.equal((await report.getByTestId('report-verdict').locator('.vbig').innerText()).trim(), done.body.result === 'pass' ? 'Pass' : 'Fail');
  await q.emulateMedia({ media: 'print' });
  assert.equal(await q.locator('.van-tabbar').isVisible(), false, 'no app chrome in print');
  assert.equal(await report.getByTestId('print').isVisible(), false, 'no buttons in print');
  await shot(q, '83-insp-report-print');
  await q.emulateMedia({ media: 'screen' });

  // The factory sees the result on its order.
  await f.reload();
  await row.getByTestId('insp-result').getByText(word).waitFor();
  assert.deepEqual(errors, [], 'no uncaught errors in the pages');
});
