// A cold first visit paints the app's shell from index.html before any
// JavaScript arrives (it was a blank page for seconds on a slow link), and
// the app replaces it once it mounts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appFor, browserFor, PHONE } from './harness.mjs';

test('cold visit: the static shell paints before the JavaScript, then the app replaces it', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const page = await browser.newPage(PHONE);
  // Hold every script back: what shows is index.html alone.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/*.js', async (route) => { await held; await route.continue(); });
  // 'commit': module scripts are deferred, so DOMContentLoaded waits for the held scripts.
  await page.goto(app.base + '/login', { waitUntil: 'commit' });
  const shell = page.getByTestId('boot-shell');
  await shell.waitFor();
  assert.match(await shell.innerText(), /Gendan 跟单/);
  assert.match(await shell.innerText(), /正在打开/);
  release();
  await page.locator('input[name="login"]').waitFor();
  assert.equal(await shell.count(), 0, 'the app replaced the shell');
});
