// The factory's fixed nav bar stays on top: a T&A timeline dot scrolled
// under it is hidden by the bar (the dots' z-index used to paint over it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appFor, browserFor, PHONE, openFactoryOrder } from './harness.mjs';

test('factory order detail: timeline dots scroll under the nav bar', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  const page = await browser.newPage(PHONE);
  await openFactoryOrder(page, app.base);
  const dot = page.locator('.dot').nth(3);
  await dot.waitFor();
  const bar = await page.locator('.van-nav-bar').first().boundingBox();
  // Scroll so that the dot's centre sits in the middle of the bar.
  const box = await dot.boundingBox();
  await page.evaluate((dy) => window.scrollBy(0, dy), box.y + box.height / 2 - (bar.y + bar.height / 2));
  await page.waitForTimeout(200);
  const b = await dot.boundingBox();
  const onTop = await page.evaluate(([x, y]) => !!document.elementFromPoint(x, y)?.closest('.van-nav-bar'), [b.x + b.width / 2, b.y + b.height / 2]);
  assert.ok(Math.abs(b.y + b.height / 2 - (bar.y + bar.height / 2)) < bar.height / 2, 'the dot is under the bar');
  assert.ok(onTop, 'the nav bar is painted over the timeline dot');
});
