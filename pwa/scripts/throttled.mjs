// Measures the factory's screens on a 3G-class link (400 ms latency, 50 KB/s
// each way, through CDP) against the real binary: the cold load to the first
// order row (a new phone profile, signed in), the warm load (the same phone
// again: service worker and caches in place) and a progress report with a
// ~1 MB photo until it has reached the server. Prints the median of RUNS.
// Run: make build && cd pwa && node scripts/throttled.mjs [runs]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGendan, launchPhone } from '../e2e/harness.mjs';

const RUNS = Number(process.argv[2] || 3);
const LINK = { offline: false, latency: 400, downloadThroughput: 50 * 1024, uploadThroughput: 50 * 1024 };

async function throttle(ctx, page) {
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', LINK);
  return cdp;
}

async function phoneWith(profile) {
  const ctx = await launchPhone(profile);
  const page = ctx.pages()[0] || (await ctx.newPage());
  await throttle(ctx, page);
  return { ctx, page };
}

async function firstRow(page, url, signIn = false) {
  const start = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  if (signIn) {
    // A first visit: the login screen, then the orders.
    await page.locator('input[name="login"]').fill('chen@jinling.demo', { timeout: 60000 });
    await page.locator('input[name="password"]').fill('gendan-demo-2026');
    await page.locator('button[type="submit"]').click();
  }
  await page.getByTestId('order-card').first().waitFor({ timeout: 60000 });
  return Date.now() - start;
}

// A noisy 1600×1200 JPEG made in the page (~1 MB; noise does not compress).
async function bigPhoto(page) {
  const b64 = await page.evaluate(async () => {
    const c = new OffscreenCanvas(1600, 1200);
    const g = c.getContext('2d');
    const img = g.createImageData(1600, 1200);
    for (let i = 0; i < img.data.length; i += 4) {
      const v = (Math.random() * 255) | 0;
      img.data[i] = v; img.data[i + 1] = (v * 7) & 255; img.data[i + 2] = 255 - v; img.data[i + 3] = 255;
    }
    g.putImageData(img, 0, 0);
    const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.6 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  });
  return Buffer.from(b64, 'base64');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cold = [], warm = [], report = [];
let photoBytes = 0;
for (let run = 0; run < RUNS; run++) {
  const app = await startGendan();
  const profile = mkdtempSync(join(tmpdir(), 'gendan-throttled-'));
  let { ctx, page } = await phoneWith(profile);
  try {
    cold.push(await firstRow(page, app.base + '/login', true));
    await page.waitForTimeout(4000); // the service worker installs when the page is idle
    // The phone again later: the app reopened (profile, service worker, caches kept).
    await ctx.close();
    ({ ctx, page } = await phoneWith(profile));
    warm.push(await firstRow(page, app.base + '/orders'));

    await page.getByTestId('order-card').filter({ hasText: 'NW-24017' }).click();
    await page.locator('[data-step="sewing"]').click();
    const sheet = page.getByTestId('report-sheet');
    await sheet.waitFor();
    await sheet.getByLabel('累计数量').fill(String(1300 + run));
    const photo = await bigPhoto(page);
    photoBytes = photo.length;
    await sheet.locator('input[type="file"]').setInputFiles({ name: 'big.jpg', mimeType: 'image/jpeg', buffer: photo });
    await sheet.getByTestId('photo-thumb').waitFor();
    const start = Date.now();
    await sheet.getByTestId('report-submit').click();
    await sheet.waitFor({ state: 'hidden', timeout: 120000 });
    report.push(Date.now() - start);
  } finally {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
    await app.stop();
  }
}
console.log(`link: 400 ms latency, 50 KB/s each way; ${RUNS} runs; photo chosen ${(photoBytes / 1024).toFixed(0)} KB`);
console.log(`cold load to the first order row: median ${median(cold)} ms (${cold.join(', ')})`);
console.log(`warm load to the first order row: median ${median(warm)} ms (${warm.join(', ')})`);
console.log(`report with the photo until delivered: median ${median(report)} ms (${report.join(', ')})`);
