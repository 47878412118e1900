// Photos are shrunk on the phone before upload: a 12 MP camera photo of
// 4–8 MB becomes a JPEG of about 0.5–1 MB with its long edge at most
// 2048 px, drawn upright (EXIF orientation applied). Everything runs in the
// page: no worker or library is fetched from another origin.
export const MAX_EDGE = 2048;
export const QUALITY = 0.85;

/** Target size that keeps the aspect and caps the long edge. */
export function fitSize(width, height, maxEdge = MAX_EDGE) {
  const long = Math.max(width, height);
  if (long <= maxEdge) return { width, height };
  const k = maxEdge / long;
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

/** Resizes an image File/Blob to a JPEG Blob. */
export async function shrinkPhoto(file, maxEdge = MAX_EDGE, quality = QUALITY) {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const { width, height } = fitSize(bitmap.width, bitmap.height, maxEdge);
    let blob;
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#fff'; // transparent PNGs become white, not black
      ctx.fillRect(0, 0, width, height);
      ctx.drawImage(bitmap, 0, 0, width, height);
      blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
    } else {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, width, height);
      ctx.drawImage(bitmap, 0, 0, width, height);
      blob = await new Promise((ok) => canvas.toBlob(ok, 'image/jpeg', quality));
    }
    return blob;
  } finally {
    bitmap.close?.();
  }
}
