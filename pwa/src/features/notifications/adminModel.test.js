// The escalation ladder as a form and the failed sends' list: the PUT body
// from the form, the form from a GET answer, where each of the API's field
// problems is shown, whom a step may name, and a retried row in place.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { toSteps, newStep, ladderBody, checkLadder, stepField, staffOptions, tellsSomeone, hoursValue, orderLine, canRetry, replaceItem, MAX_HOURS } from './adminModel.js';

const LADDER = {
  steps: [
    { position: 2, after_hours: 96, to_supplier: true, to_admins: true, user_ids: [] },
    { position: 1, after_hours: 48, to_supplier: true, to_admins: false, user_ids: [3, 2] },
  ],
};

describe('escalation ladder form', () => {
  it('reads the steps in position order, each with its own key', () => {
    const steps = toSteps(LADDER);
    expect(steps.map((s) => [s.hours, s.toSupplier, s.toAdmins, s.userIds])).toEqual([[48, true, false, [3, 2]], [96, true, true, []]]);
    expect(new Set(steps.map((s) => s.key)).size).toBe(2);
    expect(toSteps(null)).toEqual([]);
    expect(toSteps({ steps: [] })).toEqual([]);
  });

  it('does not share the answer’s arrays with the form', () => {
    const steps = toSteps(LADDER);
    steps[0].userIds.push(9);
    expect(LADDER.steps[1].user_ids).toEqual([3, 2]);
  });

  it('builds the PUT body in the order shown, people once and sorted', () => {
    const steps = toSteps(LADDER);
    steps[0].userIds.push(2, '5');
    expect(ladderBody(steps)).toEqual({
      steps: [
        { after_hours: 48, to_supplier: true, to_admins: false, user_ids: [2, 3, 5] },
        { after_hours: 96, to_supplier: true, to_admins: true, user_ids: [] },
      ],
    });
  });

  it('sends an empty list for no escalation', () => {
    expect(ladderBody([])).toEqual({ steps: [] });
  });

  it('sends hours as whole numbers, blank as null, and leaves the range to the server', () => {
    expect(hoursValue('12')).toBe(12);
    expect(hoursValue(12.7)).toBe(12);
    expect(hoursValue(0)).toBe(0);
    expect(hoursValue(9999)).toBe(9999);
    expect(hoursValue('')).toBe(null);
    expect(hoursValue(undefined)).toBe(null);
    expect(hoursValue('abc')).toBe(null);
    expect(ladderBody([{ hours: 0, toSupplier: true, toAdmins: false, userIds: [] }]).steps[0].after_hours).toBe(0);
  });

  it('finds a blank hours field before sending, under the API’s field name', () => {
    expect(checkLadder([{ hours: 48 }, { hours: '' }])).toEqual({ 'steps[1].after_hours': { code: 'required' } });
    expect(checkLadder([{ hours: 0 }])).toEqual({});
  });

  it('adds a step a day after the last, telling the factory; the first at 48 h', () => {
    expect(newStep([])).toMatchObject({ hours: 48, toSupplier: true, toAdmins: false, userIds: [] });
    expect(newStep(toSteps(LADDER)).hours).toBe(120);
    expect(newStep([{ hours: MAX_HOURS - 2 }]).hours).toBe(MAX_HOURS);
  });

  it('knows whether a step tells anyone', () => {
    expect(tellsSomeone({ toSupplier: false, toAdmins: false, userIds: [] })).toBe(false);
    expect(tellsSomeone({ toSupplier: false, toAdmins: false, userIds: [4] })).toBe(true);
    expect(tellsSomeone({ toSupplier: false, toAdmins: true, userIds: [] })).toBe(true);
  });
});

describe('where the API’s field problems are shown', () => {
  it.each([
    ['steps[0].after_hours', '0.hours'], // out_of_range
    ['steps[1].after_hours', '1.hours'], // not_after_previous
    ['steps[0]', '0.who'], // nobody_to_tell
    ['steps[12].user_ids', '12.who'],
    ['steps', 'steps'], // too_many, not_staff
    ['quiet_hours', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (name, want) => {
    expect(stepField(name)).toBe(want);
  });
});

describe('whom a step may name', () => {
  const users = [
    { id: 1, name: 'Admin 管理员', role: 'admin', active: true },
    { id: 2, name: '王丽 Li Wang', role: 'merchandiser', active: true },
    { id: 3, name: 'Emma Carter', role: 'merchandiser', active: true },
    { id: 4, name: '陈建华', role: 'factory', active: true },
    { id: 5, name: 'Old Lead', role: 'merchandiser', active: false },
    { id: 6, name: 'Sun QC', role: 'qc', active: true },
  ];

  it('lists active admins and merchandisers by name', () => {
    expect(staffOptions(users).map((u) => u.id)).toEqual([1, 3, 2]);
  });

  it('keeps an id a step names that is not among them', () => {
    expect(staffOptions(users, [5, 2, 5]).map((u) => [u.id, u.name])).toEqual([[1, 'Admin 管理员'], [3, 'Emma Carter'], [2, '王丽 Li Wang'], [5, '#5']]);
    expect(staffOptions(null, [7])).toEqual([{ id: 7, name: '#7', role: '' }]);
  });
});

describe('failed sends', () => {
  const a = { id: 1, status: 'failed', actions: ['retry'], order: { id: 9, po_number: 'NW-24017', style_no: 'ST-1' } };
  const b = { id: 2, status: 'failed', actions: ['retry'], order: null };

  it('writes the order as PO · style', () => {
    expect(orderLine(a.order)).toBe('NW-24017 · ST-1');
    expect(orderLine({ po_number: 'NW-1', style_no: '' })).toBe('NW-1');
    expect(orderLine(null)).toBe('');
  });

  it('offers a retry only when the server does', () => {
    expect(canRetry(a)).toBe(true);
    expect(canRetry({ ...a, actions: [] })).toBe(false);
    expect(canRetry({})).toBe(false);
  });

  it('replaces the retried row in place', () => {
    const again = { ...a, status: 'pending', actions: [] };
    const items = replaceItem([a, b], again);
    expect(items).toEqual([again, b]);
    expect(canRetry(items[0])).toBe(false);
  });
});
