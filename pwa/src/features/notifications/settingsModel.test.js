// The settings form: switches ↔ the disabled lists, the PUT body, quiet
// hours and their checks.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { KINDS, CHANNELS, toForm, toDisabled, settingsBody, checkSettings, channelState, setChannel, clock } from './settingsModel.js';
import codes from '../../i18n/codes.json';

const GOT = {
  disabled: { email: ['risk_worse'], webpush: ['comment_added', 'chase_logged'] },
  quiet_hours: { from: '22:00', to: '07:00' },
  time_zone: 'Asia/Shanghai',
};

describe('settings form', () => {
  it('has every kind the server sends and both outside channels', () => {
    expect([...KINDS].sort()).toEqual([...codes.notification].sort());
    expect(KINDS.slice(0, 2)).toEqual(['sample_submitted', 'sample_decided']);
    expect(CHANNELS).toEqual(['email', 'webpush']);
  });

  it('turns the disabled lists into switches (on = not disabled)', () => {
    const f = toForm(GOT);
    expect(f.on.email.risk_worse).toBe(false);
    expect(f.on.email.comment_added).toBe(true);
    expect(f.on.webpush.comment_added).toBe(false);
    expect(f.on.webpush.chase_logged).toBe(false);
    expect(f.on.webpush.risk_worse).toBe(true);
    for (const ch of CHANNELS) expect(Object.keys(f.on[ch])).toEqual(KINDS);
    expect(f).toMatchObject({ quiet: true, from: '22:00', to: '07:00', timeZone: 'Asia/Shanghai' });
  });

  it('turns the switches back into the same disabled lists, sorted', () => {
    const f = toForm(GOT);
    expect(toDisabled(f.on, f.extra)).toEqual({ email: ['risk_worse'], webpush: ['chase_logged', 'comment_added'] });
  });

  it('sends nothing disabled and no quiet hours from a fresh user', () => {
    const f = toForm({ disabled: { email: [], webpush: [] }, quiet_hours: null, time_zone: 'Asia/Shanghai' });
    expect(f.quiet).toBe(false);
    expect(settingsBody(f)).toEqual({ disabled: { email: [], webpush: [] }, quiet_hours: null });
  });

  it('builds the PUT body from switches flipped and quiet hours set', () => {
    const f = toForm({ disabled: { email: [], webpush: [] }, quiet_hours: null, time_zone: 'Europe/Berlin' });
    f.on.webpush.sample_decided = false;
    f.quiet = true;
    f.from = '22:00';
    f.to = '07:00:00'; // a browser's time input may add seconds
    expect(settingsBody(f)).toEqual({ disabled: { email: [], webpush: ['sample_decided'] }, quiet_hours: { from: '22:00', to: '07:00' } });
    f.quiet = false;
    expect(settingsBody(f).quiet_hours).toBeNull();
  });

  it('keeps kinds this version does not know when saving', () => {
    const f = toForm({ disabled: { email: [], webpush: ['future_kind', 'risk_worse'] }, quiet_hours: null, time_zone: '' });
    expect(f.extra.webpush).toEqual(['future_kind']);
    expect(settingsBody(f).disabled.webpush).toEqual(['future_kind', 'risk_worse']);
  });

  it('a missing channel in the answer means nothing disabled there', () => {
    const f = toForm({ disabled: { webpush: ['risk_worse'] }, quiet_hours: null });
    expect(Object.values(f.on.email).every(Boolean)).toBe(true);
    expect(settingsBody(f).disabled).toEqual({ email: [], webpush: ['risk_worse'] });
  });

  it('checks quiet hours only when they are on', () => {
    expect(checkSettings({ quiet: false, from: 'x', to: '' })).toEqual({});
    expect(checkSettings({ quiet: true, from: '22:00', to: '07:00' })).toEqual({});
    expect(checkSettings({ quiet: true, from: '24:00', to: '' })).toEqual({
      'quiet_hours.from': { code: 'invalid_clock_time' },
      'quiet_hours.to': { code: 'invalid_clock_time' },
    });
    expect(clock('7:00')).toBe('7:00');
    expect(checkSettings({ quiet: true, from: '7:00', to: '08:00' })).toHaveProperty(['quiet_hours.from']);
  });

  it('a channel is all, some or none on, and can be set as a whole', () => {
    const f = toForm(GOT);
    expect(channelState(f.on, 'email')).toBe('some');
    setChannel(f.on, 'email', false);
    expect(channelState(f.on, 'email')).toBe('none');
    expect(toDisabled(f.on).email).toEqual([...KINDS].sort());
    setChannel(f.on, 'email', true);
    expect(channelState(f.on, 'email')).toBe('all');
    expect(toDisabled(f.on).email).toEqual([]);
  });
});
