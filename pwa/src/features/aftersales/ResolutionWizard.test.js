// The resolution wizard mounted: each path shows its fields, the limit is
// said, a chargeback above the discount is refused at its field, and the
// body sent is the contract's (money as strings).
import { describe, it, expect, afterEach, vi } from 'vitest';
import { createApp, nextTick, h } from 'vue';
import { i18n } from '../../i18n/index.js';
import ResolutionWizard from './ResolutionWizard.vue';
import { complaint } from './fixtures.js';

const stub = { inheritAttrs: true, render() { return h('span', null, this.$slots.default?.()); } };
let app;
let el;
const settle = async () => {
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await nextTick();
  }
};
async function mount() {
  globalThis.fetch = vi.fn(async () => new Response(JSON.stringify({ id: 77 }), { status: 201, headers: { 'Content-Type': 'application/json' } }));
  el = document.createElement('div');
  document.body.appendChild(el);
  app = createApp({ render: () => h(ResolutionWizard, { show: true, complaint, shipped: 1200, orderValue: '10200.00', currency: 'USD' }) });
  app.use(i18n);
  for (const name of ['van-button', 'van-icon', 'van-popup']) app.component(name, stub);
  i18n.global.locale.value = 'zh-CN';
  app.mount(el);
  await settle();
}
const set = async (name, v) => {
  const input = el.querySelector(`[name="${name}"]`);
  input.value = v;
  input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input'));
  await settle();
};
const path = async (k) => {
  el.querySelector(`[data-testid="path-${k}"] input`).click();
  await settle();
};
afterEach(() => {
  app?.unmount();
  el?.remove();
});

describe('the resolution wizard', () => {
  it('shows each path its fields and the quantity left', async () => {
    await mount();
    expect(el.textContent).toContain('已出货 1200 件，已有方案 120 件，最多还能 1080 件');
    expect(el.querySelector('[name="discount_amount"]')).toBeNull();
    await path('discount');
    expect(el.querySelector('[name="discount_amount"]')).not.toBeNull();
    expect(el.querySelector('[name="chargeback_amount"]')).not.toBeNull();
    await path('return');
    expect(el.querySelector('[name="then_kind"]')).not.toBeNull();
    expect(el.querySelector('[name="discount_amount"]')).toBeNull();
  });
  it('refuses a chargeback above the discount, then sends the contract body', async () => {
    await mount();
    await path('discount');
    await set('quantity', '10');
    await set('cost_bearer', 'shared');
    await set('discount_amount', '100.00');
    await set('chargeback_amount', '150.00');
    el.querySelector('form').dispatchEvent(new Event('submit'));
    await settle();
    expect(el.textContent).toContain('扣款高于折扣');
    expect(fetch).not.toHaveBeenCalled();
    await set('chargeback_amount', '50.00');
    el.querySelector('form').dispatchEvent(new Event('submit'));
    await settle();
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0];
    expect(String(url)).toBe('/api/v1/complaints/14/resolutions');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body)).toEqual({ kind: 'discount', quantity: 10, cost_bearer: 'shared', note: '', discount_amount: '100.00', chargeback_amount: '50.00', chargeback_over_discount: false });
  });
});
