// Every kind of activity event the server records (codes.json's "activity",
// written from models.ActivityKinds by a Go test) is described in both
// languages, so the staff feed never shows a raw kind such as sample_decided.
import { describe, it, expect } from 'vitest';
import codes from './codes.json';
import { staffMessages } from './staff.js';

describe.each(['zh-CN', 'en'])('activity texts in %s', (locale) => {
  it('describe every kind', () => {
    const activity = staffMessages[locale].activity;
    expect(codes.activity.length).toBeGreaterThan(10);
    const missing = codes.activity.filter((k) => typeof activity[k] !== 'string' || !activity[k].trim());
    expect(missing).toEqual([]);
  });
});
