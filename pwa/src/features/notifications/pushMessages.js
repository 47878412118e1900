// Web Push's words (the offer after a first report or decision, the switch
// on the Me screen), merged under `notifications.push.` when push.js loads,
// in both languages. Both have the same keys and placeholders (push.test.js).
import { i18n } from '../../i18n/index.js';

export const pushMessages = {
  'zh-CN': {
    push: {
      offerTitle: '在这部手机上接收通知？',
      offerBody: '样品、验货、出货有新消息时，即使没打开跟单也会提醒您。',
      accept: '开启通知',
      later: '以后再说',
      on: '本设备的推送通知已开启。',
      blockedNow: '浏览器已拒绝通知。可在浏览器的网站设置中重新允许。',
      failed: '未能开启推送通知：{error}',
      offFailed: '未能关闭推送通知：{error}',
      toggle: '本设备推送通知',
      state: {
        on: '已开启',
        off: '已关闭',
        blocked: '已被浏览器阻止',
        unsupported: '此浏览器不支持',
        unavailable: '服务器未开启推送',
        checking: '检查中…',
      },
    },
  },
  en: {
    push: {
      offerTitle: 'Get notifications on this phone?',
      offerBody: 'We will tell you about new samples, inspections and deliveries, even when Gendan is closed.',
      accept: 'Turn on',
      later: 'Not now',
      on: 'Push notifications are on for this device.',
      blockedNow: 'The browser blocked notifications. You can allow them again in the site settings of your browser.',
      failed: 'Could not turn on push notifications: {error}',
      offFailed: 'Could not turn off push notifications: {error}',
      toggle: 'Push notifications on this device',
      state: {
        on: 'On',
        off: 'Off',
        blocked: 'Blocked by the browser',
        unsupported: 'Not supported by this browser',
        unavailable: 'Not enabled on this server',
        checking: 'Checking…',
      },
    },
  },
};

for (const [locale, m] of Object.entries(pushMessages)) i18n.global.mergeLocaleMessage(locale, { notifications: m });
