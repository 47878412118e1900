// The sample loop on a phone, factory side: the factory submits a PP
// sample with a camera photo; the merchandiser (through the API) returns it
// with a comment and a circle drawn on that photo; the factory sees the
// comment and the circle over the photo, and submits round 2, which waits
// for review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { apiLogin, root, until, shot, phone, appFor, openFactoryOrder } from './harness.mjs';

const photo = join(root, 'pwa', 'e2e', 'fixtures', 'photo.jpg');

test('factory: sample submitted, returned with a marked photo, and round 2 submitted', async (t) => {
  const app = await appFor(t);
  const { page } = await phone(t);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  // Sign in as the factory and open the order.
  const orderId = await openFactoryOrder(page, app.base);
  const samples = page.getByTestId('samples');
  await samples.getByText('还没有提交过样品。').waitFor();

  // Round 1 of the PP sample: the type and a photo are required.
  await page.getByTestId('sample-new').click();
  const sheet = page.getByTestId('sample-sheet');
  await sheet.waitFor();
  await sheet.getByRole('heading', { name: '提交样品' }).waitFor();
  await sheet.getByTestId('sample-submit').click();
  await sheet.getByText('请选择样品类型。').waitFor();
  await sheet.getByText('请至少拍一张样品照片。').waitFor();
  await sheet.getByRole('radio', { name: '产前样' }).click();
  assert.equal(await sheet.getByRole('radio', { name: '产前样' }).getAttribute('aria-checked'), 'true');
  await sheet.locator('input[type="file"]').setInputFiles(photo);
  await sheet.getByTestId('photo-thumb').waitFor();
  await sheet.getByLabel('备注').fill('面料已换成新批次');
  await sheet.getByTestId('sample-submit').click();
  await sheet.waitFor({ state: 'hidden' });
  const pp = samples.locator('[data-sample-type="pp"]');
  await pp.locator('[data-round="1"]').getByText('待审').waitFor();
  await pp.getByText('面料已换成新批次').waitFor();

  // The merchandiser returns it with a comment and a circle on the photo.
  const li = await apiLogin(app.base, 'li.wang@gendan.demo');
  const auth = { Authorization: `Bearer ${li.access_token}`, 'Content-Type': 'application/json' };
  const listSamples = async () => {
    const res = await fetch(`${app.base}/api/v1/orders/${orderId}/samples`, { headers: auth });
    assert.equal(res.status, 200);
    return (await res.json()).items.find((g) => g.type === 'pp');
  };
  const group = await listSamples();
  assert.equal(group.rounds.length, 1);
  const round1 = group.rounds[0];
  assert.equal(round1.round, 1);
  assert.equal(round1.status, 'pending');
  assert.equal(round1.photos.length, 1);
  const photoId = round1.photos[0].id;
  const rej = await fetch(`${app.base}/api/v1/samples/${round1.id}/reject`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      comment: '领口有线头，请修剪后重做',
      annotations: [{ type: 'circle', photo_id: photoId, x: 0.45, y: 0.4, r: 0.12 }],
    }),
  });
  assert.equal(rej.status, 200, await rej.text());

  // The factory sees the comment and the circle drawn over the photo.
  await page.reload();
  await pp.locator('[data-round="1"]').getByText('退回').waitFor();
  await pp.getByTestId('sample-comment').getByText('领口有线头，请修剪后重做').waitFor();
  const circle = pp.locator('[data-testid="annotation-overlay"] circle');
  await circle.waitFor();
  assert.equal(await circle.count(), 1);
  const img = pp.getByTestId('annotated-photo').locator('img');
  await until(() => img.evaluate((el) => el.complete && el.naturalWidth > 0), 'the annotated photo to load');
  const box = await circle.boundingBox();
  const photoBox = await img.boundingBox();
  assert.ok(box && box.width > 10, 'the circle is drawn');
  assert.ok(box.x >= photoBox.x - 1 && box.x + box.width <= photoBox.x + photoBox.width + 1, 'the circle is on the photo');
  await pp.scrollIntoViewIfNeeded();
  await shot(page, '50-factory-sample-returned');

  // Round 2, from the returned type.
  const again = pp.getByTestId('sample-resubmit');
  await again.getByText('提交第 2 轮').waitFor();
  await again.click();
  await sheet.waitFor();
  await sheet.getByRole('heading', { name: '提交产前样 · 第 2 轮' }).waitFor();
  assert.equal(await sheet.getByRole('radio', { name: '产前样' }).getAttribute('aria-checked'), 'true', 'the type is preset');
  await sheet.locator('input[type="file"]').setInputFiles(photo);
  await sheet.getByTestId('photo-thumb').waitFor();
  await sheet.getByLabel('备注').fill('线头已修剪');
  await shot(page, '50-factory-sample-round2-sheet', false);
  await sheet.getByTestId('sample-submit').click();
  await sheet.waitFor({ state: 'hidden' });
  await pp.locator('[data-round="2"]').getByText('待审').waitFor();
  await shot(page, '50-factory-sample-round2');

  // On the server: round 2 waits for review.
  const after = await until(async () => {
    const g = await listSamples();
    return g.rounds.some((r) => r.round === 2) && g;
  }, 'round 2 on the server');
  const round2 = after.rounds.find((r) => r.round === 2);
  assert.equal(round2.status, 'pending');
  assert.equal(round2.note, '线头已修剪');
  assert.equal(round2.photos.length, 1);
  assert.equal(after.rounds.find((r) => r.round === 1).status, 'rejected');
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
});
