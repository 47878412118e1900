// Both languages' first-paint messages side by side, for the tests that
// compare them (the app itself loads English lazily: index.js).
import { messages as zhCN } from './bundle.zh-CN.js';
import { messages as en } from './bundle.en.js';

export const messages = { 'zh-CN': zhCN, en };
