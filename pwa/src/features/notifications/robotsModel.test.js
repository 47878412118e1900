// The robot form: the POST body from the form's state, for a factory user
// and for staff; the secret only where a platform signs; the form blanked.
// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { blankRobot, robotBody, checkRobot, clearRobot, TEAM } from './robotsModel.js';

const HOOK = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test-key-123';

describe('robot form', () => {
  it('starts blank, WeCom, all events, in the given language', () => {
    expect(blankRobot('en')).toEqual({ name: '', platform: 'wecom', webhook: '', secret: '', language: 'en', allEvents: true, events: [], supplier: TEAM });
    expect(blankRobot('fr').language).toBe('zh-CN');
  });

  it('a factory user sends no supplier (the server takes its own)', () => {
    const f = { ...blankRobot('zh-CN'), name: ' 生产群 ', webhook: ` ${HOOK} ` };
    expect(robotBody(f)).toEqual({ name: '生产群', platform: 'wecom', webhook: HOOK, language: 'zh-CN', events: [] });
  });

  it('staff send a supplier id, or null for the buying team', () => {
    const f = { ...blankRobot('en'), name: 'Team', webhook: HOOK };
    expect(robotBody(f, { staff: true }).supplier_id).toBeNull();
    f.supplier = '3';
    expect(robotBody(f, { staff: true }).supplier_id).toBe(3);
  });

  it('sends picked events sorted once each, or none for all', () => {
    const f = { ...blankRobot('en'), name: 'x', webhook: HOOK, allEvents: false, events: ['risk_worse', 'comment_added', 'risk_worse'] };
    expect(robotBody(f).events).toEqual(['comment_added', 'risk_worse']);
    f.allEvents = true;
    expect(robotBody(f).events).toEqual([]);
  });

  it('sends the secret only for DingTalk and Feishu', () => {
    const f = { ...blankRobot('zh-CN'), name: 'x', webhook: 'https://oapi.dingtalk.com/robot/send?access_token=a', platform: 'dingtalk', secret: ' SECabc ' };
    expect(robotBody(f).secret).toBe('SECabc');
    f.platform = 'feishu';
    expect(robotBody(f).secret).toBe('SECabc');
    f.platform = 'wecom';
    expect(robotBody(f)).not.toHaveProperty('secret');
    f.platform = 'dingtalk';
    f.secret = '  ';
    expect(robotBody(f)).not.toHaveProperty('secret');
  });

  it('checks what it can before sending', () => {
    expect(checkRobot(blankRobot())).toEqual({ name: { code: 'required' }, webhook: { code: 'required' } });
    expect(checkRobot({ ...blankRobot(), name: 'a', webhook: HOOK, allEvents: false })).toEqual({ events: { code: 'required' } });
    expect(checkRobot({ ...blankRobot(), name: 'a', webhook: HOOK })).toEqual({});
  });

  it('clearing forgets the webhook and the secret', () => {
    const f = { ...blankRobot('en'), name: 'x', webhook: HOOK, secret: 's', platform: 'feishu', allEvents: false, events: ['risk_worse'], supplier: '2' };
    clearRobot(f);
    expect(f).toEqual(blankRobot('en'));
    expect(JSON.stringify(f)).not.toContain('test-key-123');
  });
});
