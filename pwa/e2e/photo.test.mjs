// The phone-side photo shrinking, run in the real browser: a 12 MP camera
// JPEG with an EXIF orientation becomes an upright JPEG of at most 2048 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, appFor, browserFor } from './harness.mjs';

test('shrinkPhoto: 4000×3000 with EXIF orientation 6 → upright 1536×2048 JPEG under 1.5 MB', async (t) => {
  const app = await appFor(t);
  const browser = await browserFor(t);
  // The module is injected as it is in the source tree; the page's CSP
  // (script-src 'self') would refuse an injected script, so this test's
  // context bypasses it.
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(app.base + '/login');
  const source = readFileSync(join(root, 'pwa', 'src', 'photos.js'), 'utf8');
  await page.addScriptTag({ type: 'module', content: source + '\nwindow.__shrinkPhoto = shrinkPhoto;' });
  await page.waitForFunction(() => typeof window.__shrinkPhoto === 'function');

  const result = await page.evaluate(async () => {
    // A noisy 4000×3000 camera-like JPEG…
    const c = new OffscreenCanvas(4000, 3000);
    const g = c.getContext('2d');
    const img = g.createImageData(4000, 3000);
    for (let i = 0; i < img.data.length; i += 4) {
      const x = (i / 4) % 4000;
      img.data[i] = (x * 255) / 4000 + Math.random() * 40;
      img.data[i + 1] = 120 + Math.random() * 60;
      img.data[i + 2] = 90;
      img.data[i + 3] = 255;
    }
    g.putImageData(img, 0, 0);
    const jpeg = new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.95 })).arrayBuffer());
    // …with an APP1 Exif segment saying "rotate 90° clockwise to view" (6).
    const tiff = [0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
    const payload = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00, ...tiff];
    const len = payload.length + 2;
    const tagged = new Uint8Array([...jpeg.slice(0, 2), 0xff, 0xe1, len >> 8, len & 0xff, ...payload, ...jpeg.slice(2)]);
    const input = new Blob([tagged], { type: 'image/jpeg' });
    const out = await window.__shrinkPhoto(input);
    const bmp = await createImageBitmap(out);
    return { inBytes: input.size, outBytes: out.size, type: out.type, width: bmp.width, height: bmp.height };
  });
  assert.equal(result.type, 'image/jpeg');
  assert.deepEqual([result.width, result.height], [1536, 2048], 'upright and capped at 2048');
  assert.ok(result.outBytes < 1.5e6 && result.outBytes < result.inBytes, `shrunk ${result.inBytes} → ${result.outBytes} bytes`);
});
