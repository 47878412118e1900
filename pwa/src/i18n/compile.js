// The app's message compiler: turns a message text into the function
// vue-i18n calls, for the part of vue-i18n's message syntax our texts use —
// plain text, {name} and {0} placeholders, {'…'} literals (e.g. {'@'}) and
// plural cases split by "|". vue-i18n's own compiler handles far more
// (linked messages, modifiers) and weighs about 6 kB gzipped, so the build
// drops it (__INTLIFY_DROP_MESSAGE_COMPILER__ in vite.config.js) and
// createI18n is given this one instead. compile.test.js checks that every
// text of both languages comes out exactly as vue-i18n's compiler makes it.

const cache = new Map();

/** Compiles a message text (vue-i18n's messageCompiler signature). */
export function compileMessage(source, context) {
  if (typeof source !== 'string') throw new TypeError('only text messages are supported');
  let fn = cache.get(source);
  if (!fn) {
    fn = build(parse(source, context?.key));
    cache.set(source, fn);
  }
  return fn;
}

/**
 * Parses a text into its plural cases, each a list of parts: strings (text
 * and literals) and {named} / {list} placeholders. Throws on what the
 * syntax does not allow here (an unclosed brace, a linked message).
 */
export function parse(source, key = '') {
  const fail = (why) => {
    throw new SyntaxError(`message ${key ? `"${key}" ` : ''}${JSON.stringify(source)}: ${why}`);
  };
  const cases = [[]];
  let text = '';
  const flush = () => {
    if (text) cases[cases.length - 1].push(text);
    text = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '|') {
      flush();
      cases.push([]);
    } else if (c === '{') {
      const lit = /^\{\s*'((?:[^'\\]|\\.)*)'\s*\}/.exec(source.slice(i));
      if (lit) {
        text += unquote(lit[1], fail);
        i += lit[0].length - 1;
        continue;
      }
      const end = source.indexOf('}', i);
      if (end < 0) fail('unclosed {');
      const inner = source.slice(i + 1, end).trim();
      i = end;
      if (inner.startsWith("'")) fail('unclosed literal');
      flush();
      if (/^\d+$/.test(inner)) cases[cases.length - 1].push({ list: Number(inner) });
      else if (/^[A-Za-z_$][\w$-]*$/.test(inner)) cases[cases.length - 1].push({ named: inner });
      else fail(`bad placeholder {${inner}}`);
    } else if (c === '}') {
      fail('} without {');
    } else if (c === '@' && /[:.]/.test(source[i + 1] || '')) {
      fail('linked messages (@:) are not supported');
    } else {
      text += c;
    }
  }
  flush();
  if (cases.length > 1) {
    // Plural cases: the spaces around each "|" are not part of the text.
    for (const parts of cases) {
      if (typeof parts[0] === 'string') parts[0] = parts[0].replace(/^\s+/, '');
      const last = parts.length - 1;
      if (typeof parts[last] === 'string') parts[last] = parts[last].replace(/\s+$/, '');
      if (parts[0] === '') parts.shift();
      if (parts[parts.length - 1] === '') parts.pop();
    }
  }
  return cases;
}

function unquote(s, fail) {
  return s.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{6}|.)/g, (_, e) => {
    if (e === "'" || e === '\\') return e;
    if (e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    return fail(`bad escape \\${e}`);
  });
}

function build(cases) {
  const one = (ctx, parts) => {
    if (parts.length === 1 && typeof parts[0] === 'string') return ctx.type === 'text' ? parts[0] : ctx.normalize(parts);
    return ctx.normalize(parts.map((p) => (typeof p === 'string' ? p : ctx.interpolate('named' in p ? ctx.named(p.named) : ctx.list(p.list)))));
  };
  if (cases.length === 1) return (ctx) => one(ctx, cases[0]);
  return (ctx) => ctx.plural(cases.map((parts) => one(ctx, parts)));
}
