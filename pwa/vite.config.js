import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { VantResolver } from '@vant/auto-import-resolver';
import { VitePWA } from 'vite-plugin-pwa';
import { writeFileSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { resolve, join, relative, sep } from 'node:path';
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib';

// Text assets are compressed once at build time (brotli and gzip, at their
// best levels); the server picks the variant the browser accepts, at no cost
// per request. only: the files (paths under dist) of this build, when
// another build's files are there already.
const precompress = (only = null) => ({
  name: 'gendan-precompress',
  apply: 'build',
  closeBundle() {
    const dist = resolve(import.meta.dirname, 'dist');
    const walk = (dir) => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
    for (const file of walk(dist)) {
      if (!/\.(js|mjs|css|html|svg|json|webmanifest)$/.test(file)) continue;
      if (only && !only.test(relative(dist, file).split(sep).join('/'))) continue;
      const data = readFileSync(file);
      if (data.length < 1024) continue;
      writeFileSync(file + '.br', brotliCompressSync(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length } }));
      writeFileSync(file + '.gz', gzipSync(data, { level: 9 }));
    }
  },
});

// dist/.gitkeep is committed so the Go binary can embed dist/ before any
// build; the build empties dist/, so put it back.
const keepDist = {
  name: 'gendan-keep-dist',
  closeBundle() {
    writeFileSync(resolve(import.meta.dirname, 'dist', '.gitkeep'), '');
  },
};

// Vant's icon font arrives inlined in its CSS (25 KB gzipped) with a
// fallback URL on a CDN. Serve it instead as a font file of our own origin:
// the CSS stays small, the font is cached on its own, and nothing points
// at another origin.
// The swap happens on the built CSS (not in PostCSS, where Vite would try to
// resolve the new URL at build time and warn that it cannot).
function ownIconFont() {
  const fileName = 'fonts/vant-icon.woff2';
  const inlined = /url\(\s*["']?data:font\/woff2;[^,]*base64,([A-Za-z0-9+/=]+)["']?\s*\)(\s*format\(["']?woff2["']?\))?/;
  return {
    name: 'gendan-own-icon-font',
    apply: 'build',
    generateBundle(_, bundle) {
      let woff2 = null;
      for (const f of Object.values(bundle)) {
        if (f.type !== 'asset' || !f.fileName.endsWith('.css')) continue;
        const css = String(f.source);
        const face = /@font-face\{[^}]*vant-icon[^}]*\}/.exec(css);
        const m = face && inlined.exec(face[0]);
        if (!m) continue;
        woff2 = Buffer.from(m[1], 'base64');
        // Icon glyphs are private-use code points: show nothing rather than
        // boxes until the font is there.
        // Only our own copy: the CSS's other sources point at another origin.
        const own = face[0].replace(/src:(?:[^;}()]|\([^)]*\))*/, `src:url("/${fileName}") format("woff2")`)
          .replace(/font-display:[a-z]+;?/, '').replace('{', '{font-display:block;');
        f.source = css.replace(face[0], own);
      }
      if (!woff2) this.error('the Vant icon font was not found in the CSS');
      this.emitFile({ type: 'asset', fileName, source: woff2 });
    },
  };
}
const iconFont = ownIconFont();

// The customer's status page (status.html, served for /s/<token>) is a
// second build into the same dist (`vite build --mode status`, after the
// app's: npm run build runs both). One build with two inputs would put Vue
// in a chunk shared with the app, holding every part of Vue the app and
// Vant use (44 kB gzipped of the page's 50 kB budget); on its own the page
// carries only the Vue it uses. It has no Vant, no i18n and no service
// worker, and the app's service worker, generated before this build ran,
// does not know (or precache) the page.
const statusPage = {
  plugins: [keepDist, precompress(/^(status\.html|assets\/status-)/), vue()],
  build: {
    target: 'es2020',
    emptyOutDir: false,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: { input: { status: resolve(import.meta.dirname, 'status.html') } },
  },
};

export default defineConfig(({ mode }) => (mode === 'status' ? statusPage : {
  plugins: [
    keepDist,
    precompress(),
    iconFont,
    vue(),
    // Vant components and their styles are imported per component, so a
    // screen ships only the CSS of what it uses.
    Components({ resolvers: [VantResolver()], dts: false }),
    VitePWA({
      registerType: 'autoUpdate',
      // Registered by main.js once the first screen is up and the page is
      // idle: installing the service worker (precaching the app) must not
      // compete with the first paint on a slow phone.
      injectRegister: null,
      includeAssets: ['icons/favicon-32.png', 'icons/apple-touch-icon.png'],
      manifest: {
        id: '/',
        name: 'Gendan 跟单',
        short_name: 'Gendan',
        description: 'Follow every order from sample to delivery — 订单跟进，从打样到出货',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#1f5ed8',
        background_color: '#f7f8fa',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // Web Push (public/push-sw.js): the push and notificationclick handlers.
        importScripts: ['/push-sw.js'],
        navigateFallback: '/index.html',
        // /s/<token> is the customer's status page, never the app: an
        // installed app lets the server answer it (with status.html).
        navigateFallbackDenylist: [/^\/api\//, /^\/healthz/, /^\/readyz/, /^\/s\//],
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest,woff2}'],
        cleanupOutdatedCaches: true,
        runtimeCaching: [
          {
            // API answers that are safe to show offline: the signed-in user
            // and what the order screens read (list, detail, plan, samples,
            // comments, activity, revisions, inspections, defect codes, warehouses
            // and their calendars, deliveries: a booking can be prepared offline; material POs,
            // suppliers and inspections: a receipt or a roll inspection is recorded offline). Auth endpoints (which carry
            // tokens), photos (signed URLs) and spreadsheets (prices) are
            // never cached. Workbox copies this function into the service
            // worker as text, so it must not use anything from this file.
            urlPattern: ({ url, request }) =>
              request.method === 'GET' &&
              url.origin === self.location.origin &&
              /^\/api\/v1\/(me|orders|milestones|samples|sample-types|suppliers|inspections|defect-codes|warehouses|deliveries|material-pos|material-suppliers|material-inspections|complaints|capas|resolutions)(\/|$)/.test(url.pathname) &&
              !/^\/api\/v1\/(auth|photos)(\/|$)/.test(url.pathname) &&
              !url.pathname.endsWith('.xlsx'),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'gendan-api',
              networkTimeoutSeconds: 8,
              expiration: { maxEntries: 200, maxAgeSeconds: 14 * 24 * 3600 },
              // Tokens change on every refresh: match by URL only (logout
              // and the end of a session delete this cache).
              matchOptions: { ignoreVary: true },
              plugins: [
                {
                  // An answer served from the cache says so, with the time
                  // the server gave it, for the "data from {time}" notice.
                  cachedResponseWillBeUsed: async ({ cachedResponse }) => {
                    if (!cachedResponse) return cachedResponse;
                    const headers = new Headers(cachedResponse.headers);
                    headers.set('X-Gendan-Cached-At', cachedResponse.headers.get('Date') || new Date(0).toUTCString());
                    return new Response(await cachedResponse.blob(), { status: cachedResponse.status, statusText: cachedResponse.statusText, headers });
                  },
                },
              ],
            },
          },
        ],
      },
    }),
  ],
  // vue-i18n's message compiler stays out of the bundle: the app compiles
  // its texts with src/i18n/compile.js (createI18n's messageCompiler).
  define: { __INTLIFY_DROP_MESSAGE_COMPILER__: 'true' },
  build: {
    target: 'es2020',
    // Everything the first screen needs goes into one chunk: many small
    // shared chunks cost a phone more round trips than they save.
    rollupOptions: { output: { codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] } } },
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: { '/api': 'http://localhost:8080', '/healthz': 'http://localhost:8080' },
  },
}));
