// In presigned mode a photo <img> is redirected to the object store: the
// browser must load it there, with the app's CSP allowing that origin and
// no cross-origin policy blocking it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startS3, apiLogin, appFor, browserFor } from './harness.mjs';

test('presigned photo URLs load in the browser under the CSP', async (t) => {
  const s3 = await startS3();
  t.after(() => s3.stop());
  const app = await appFor(t, { GENDAN_STORAGE: s3.storage, GENDAN_S3_PRESIGN: 'true' });

  const session = await apiLogin(app.base, 'chen@jinling.demo');
  const form = new FormData();
  form.append('file', new Blob([readFileSync(join(import.meta.dirname, 'fixtures', 'photo.jpg'))], { type: 'image/jpeg' }), 'photo.jpg');
  const up = await fetch(`${app.base}/api/v1/photos`, {
    method: 'POST', headers: { Authorization: `Bearer ${session.access_token}` }, body: form,
  });
  assert.equal(up.status, 201, await up.clone().text());
  const photo = await up.json();

  const browser = await browserFor(t);
  const page = await browser.newPage();
  const violations = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to load|blocked/i.test(m.text())) violations.push(m.text()); });
  const fromStore = [];
  page.on('response', (r) => { if (r.url().startsWith(`http://${s3.endpoint}/`)) fromStore.push(r.status()); });
  await page.goto(app.base + '/');
  const size = await page.evaluate(async (src) => {
    const img = document.createElement('img');
    document.body.append(img);
    await new Promise((ok, fail) => { img.onload = ok; img.onerror = () => fail(new Error('image failed')); img.src = src; });
    return [img.naturalWidth, img.naturalHeight];
  }, photo.urls.preview);
  assert.deepEqual(size, [640, 480]);
  assert.deepEqual(fromStore, [200], 'the image came from the object store');
  assert.deepEqual(violations, []);
});
