// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { photoBody } from './api.js';

describe('photoBody', () => {
  it('is byte-for-byte the same on a retry with the same key', async () => {
    const blob = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3])], { type: 'image/jpeg' });
    const a = photoBody(blob, 'k-123');
    const b = photoBody(blob, 'k-123');
    expect(a.contentType).toBe(b.contentType);
    expect(Buffer.from(await a.body.arrayBuffer())).toEqual(Buffer.from(await b.body.arrayBuffer()));
    const c = photoBody(blob, 'k-456');
    expect(c.contentType).not.toBe(a.contentType);
  });

  it('is a multipart body with one part named file', async () => {
    const blob = new Blob(['JPEGDATA'], { type: 'image/jpeg' });
    const { body, contentType } = photoBody(blob, '0b6c8a3e-1f2d-4c5b-9a7e-123456789abc');
    const boundary = contentType.split('boundary=')[1];
    const text = await body.text();
    expect(text.startsWith(`--${boundary}\r\n`)).toBe(true);
    expect(text).toContain('name="file"');
    expect(text).toContain('\r\n\r\nJPEGDATA\r\n');
    expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
    // A boundary is at most 70 characters (RFC 2046).
    expect(boundary.length).toBeLessThanOrEqual(70);
  });
});
