// A report queued with no signal is sent as soon as the connection returns,
// not when its backoff timer runs out: the phone was offline long enough
// for the backoff to have grown to minutes (made so in IndexedDB, instead
// of waiting), and after "online" the report reaches the server within 3 s,
// exactly once. Attempts made while the browser knows it is offline do not
// grow the backoff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countRequests, phone, appFor, openFactoryOrder, until } from './harness.mjs';

const outboxItems = (page) =>
  page.evaluate(
    () =>
      new Promise((ok, fail) => {
        const r = indexedDB.open('gendan-outbox');
        r.onerror = () => fail(r.error);
        r.onsuccess = () => {
          const db = r.result;
          const q = db.transaction('items').objectStore('items').getAll();
          q.onsuccess = () => {
            db.close();
            ok(q.result.map(({ id, url, attempts, nextAt, state }) => ({ id, url, attempts, nextAt, state })));
          };
          q.onerror = () => fail(q.error);
        };
      }),
  );

test('factory: a report queued offline is delivered within 3 s of the connection returning, once', async (t) => {
  const app = await appFor(t);
  const { ctx, page } = await phone(t);
  await openFactoryOrder(page, app.base);
  const sewing = page.locator('[data-step="sewing"]');
  await sewing.getByText('已做 0 / 2400件').waitFor();

  await ctx.setOffline(true);
  await page.getByText('当前离线').first().waitFor();
  await sewing.click();
  const sheet = page.getByTestId('report-sheet');
  await sheet.getByLabel('累计数量').fill('800');
  await sheet.getByTestId('report-submit').click();
  await page.getByText('已离线保存').first().waitFor();
  await sewing.getByText('待发送：800').waitFor();

  // Offline for a while: the outbox keeps trying (its timer), but those
  // attempts do not count, so the backoff stays at its first step.
  await new Promise((r) => setTimeout(r, 5000));
  let [item] = await outboxItems(page);
  assert.match(item.url, /^\/api\/v1\/milestones\/\d+\/reports$/);
  assert.equal(item.attempts, 0, 'attempts made offline do not count');
  assert.ok(item.nextAt - Date.now() < 3000, `next attempt soon (${item.nextAt - Date.now()} ms)`);

  // As if the phone had been failing for an hour: next try in 5 minutes.
  await page.evaluate(
    (id) =>
      new Promise((ok, fail) => {
        const r = indexedDB.open('gendan-outbox');
        r.onerror = () => fail(r.error);
        r.onsuccess = () => {
          const db = r.result;
          const tx = db.transaction('items', 'readwrite');
          const s = tx.objectStore('items');
          const g = s.get(id);
          g.onsuccess = () => s.put({ ...g.result, attempts: 9, nextAt: Date.now() + 5 * 60_000, state: 'waiting' });
          tx.oncomplete = () => {
            db.close();
            ok();
          };
          tx.onerror = () => fail(tx.error);
        };
      }),
    item.id,
  );
  assert.equal(countRequests(app.output(), 'POST', item.url), 0, 'nothing reached the server offline');

  const back = Date.now();
  await ctx.setOffline(false);
  await until(() => countRequests(app.output(), 'POST', item.url, 201) === 1, 'the report on the server', 3000);
  const took = Date.now() - back;
  assert.ok(took <= 3000, `delivered ${took} ms after the connection returned`);
  await sewing.getByText('已做 800 / 2400件').waitFor({ timeout: 5000 });
  assert.deepEqual(await outboxItems(page), [], 'the outbox is empty');

  // Exactly once: no second POST turns up later.
  await new Promise((r) => setTimeout(r, 2000));
  assert.equal(countRequests(app.output(), 'POST', item.url), 1, 'one POST of the report');
  console.log(`# delivered ${took} ms after "online"`);
});
