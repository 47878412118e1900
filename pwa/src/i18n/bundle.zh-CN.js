// The Chinese texts the first paint carries: Chinese is the default and
// what most factory phones use (index.js imports this file statically).
import vant from 'vant/es/locale/lang/zh-CN';
import app from './zh-CN.js';
import factory from './factory.zh-CN.js';
import errors from './errors.zh-CN.js';

export const messages = { ...app, errors, factory };
export const vantMessages = vant;
