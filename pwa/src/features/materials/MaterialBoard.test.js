// The order page's material board mounted on a fake API answering the
// contract's shape: what blocks cutting on top (worst first), the lines by
// category with their colours and figures, a table on a desktop and cards
// on a phone, and the PO button for the ticked lines.
import { describe, it, expect, afterEach, vi } from 'vitest';
import { createApp, nextTick, h } from 'vue';
import { createRouter, createMemoryHistory } from 'vue-router';
import { i18n } from '../../i18n/index.js';
import MaterialBoard from './MaterialBoard.vue';
import { materialsView } from './fixtures.js';

// Vant's stylesheets are not for node; its components are stood in for by
// spans keeping their attributes and slot (the tests read the board's own markup).
vi.mock('vant/es/dialog/style', () => ({}));
vi.mock('vant/es/toast/style', () => ({}));
const stub = { inheritAttrs: true, render() { return h('span', null, this.$slots.default?.()); } };

let app;
let el;
const settle = async () => {
  for (let i = 0; i < 15; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await nextTick();
  }
};
async function mount({ wide = true, view = materialsView } = {}) {
  window.matchMedia = vi.fn(() => ({ matches: wide, addEventListener() {}, removeEventListener() {} }));
  globalThis.fetch = vi.fn(async (url) => {
    if (String(url).endsWith('/api/v1/orders/7/materials')) return new Response(JSON.stringify(view), { status: 200, headers: { 'Content-Type': 'application/json' } });
    return new Response('{}', { status: 404, headers: { 'Content-Type': 'application/json' } });
  });
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { render: () => null } }] });
  el = document.createElement('div');
  document.body.appendChild(el);
  app = createApp(MaterialBoard, { orderId: 7, styleNo: 'W-2231' });
  app.use(i18n).use(router);
  for (const name of ['van-tag', 'van-button', 'van-loading', 'van-empty']) app.component(name, stub);
  app.mount(el);
  await settle();
}
afterEach(() => {
  app?.unmount();
  el?.remove();
});

describe('the material board', () => {
  it('shows what blocks cutting first, then the lines by category with their colours (desktop table)', async () => {
    await mount();
    expect(fetch.mock.calls.map((c) => String(c[0]))).toContain('/api/v1/orders/7/materials');
    const blocking = [...el.querySelectorAll('[data-testid="materials-blocking"] li')].map((li) => li.textContent.trim());
    expect(blocking).toEqual(['里布 210T：检验不合格', '纽扣 18L：缺料']);
    expect(el.querySelector('[data-testid="materials-readiness"]').dataset.colour).toBe('red');
    const rows = [...el.querySelectorAll('tr[data-testid="material-line"]')];
    expect(rows.map((r) => [r.dataset.line, r.dataset.colour])).toEqual([['10', 'green'], ['11', 'red'], ['12', 'red'], ['13', 'amber']]);
    expect(el.querySelectorAll('[data-category]').length).toBe(3);
    expect(rows[0].textContent).toContain('1,250.50');
    expect(el.querySelector('[data-testid="material-previous"]').textContent).toContain('1,100.00');
    // The factory's own fabric cannot be ticked.
    expect(rows[0].querySelector('input.pick')).toBeNull();
  });
  it('offers a PO for the ticked lines', async () => {
    await mount();
    expect(el.querySelector('[data-testid="materials-create-po"]')).toBeNull();
    el.querySelector('tr[data-line="11"] input.pick').dispatchEvent(new Event('change'));
    el.querySelector('tr[data-line="13"] input.pick').dispatchEvent(new Event('change'));
    await settle();
    expect(el.querySelector('[data-testid="materials-create-po"]').textContent).toContain('为选中的 2 项下采购单');
  });
  it('shows cards on a phone', async () => {
    await mount({ wide: false });
    expect(el.querySelector('table')).toBeNull();
    expect(el.querySelectorAll('li[data-testid="material-line"]').length).toBe(4);
  });
  it('says so when there are no lines', async () => {
    await mount({ view: { order_id: 7, sourcing: 'fob', actions: ['add'], lines: [] } });
    expect(el.querySelector('[data-testid="materials-empty"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="materials-readiness"]').dataset.status).toBe('none');
  });
});
