/**
 * Scanning HCL template text without parsing expressions: where a `${`/`%{` body ends (nested braces and strings
 * honoured), backslash escapes of quoted strings, and a template split into literal text and raw interpolation /
 * directive bodies with their `~` strip markers applied. expr-parse.ts parses the bodies.
 */
import { EvalError } from './value.js';

/** Find the end of a `${`/`%{` body starting at `i` (just after the brace), honouring nested braces and strings. */
export function closeBrace(s: string, i: number): number {
  let depth = 1;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\') i++;
        else if ((s[i] === '$' || s[i] === '%') && s[i + 1] === '{') {
          i = closeBrace(s, i + 2);
          continue;
        }
        i++;
      }
    } else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
    i++;
  }
  throw new EvalError(`unclosed "\${" or "%{" in template at offset ${i}`);
}

function decodeEscape(s: string, i: number): [string, number] {
  const c = s[i + 1];
  switch (c) {
    case 'n':
      return ['\n', i + 2];
    case 't':
      return ['\t', i + 2];
    case 'r':
      return ['\r', i + 2];
    case '"':
      return ['"', i + 2];
    case '\\':
      return ['\\', i + 2];
    case 'u': {
      const hex = s.slice(i + 2, i + 6);
      return [String.fromCharCode(parseInt(hex, 16)), i + 6];
    }
    case undefined:
    default:
      return ['\\' + (c ?? ''), i + 2];
  }
}

export interface RawDirective {
  kind: 'interp' | 'dir';
  body: string;
  stripBefore: boolean;
  stripAfter: boolean;
}

/** Split a template into text and raw `${}` / `%{}` pieces. `quoted` decodes backslash escapes in text. */
export function splitTemplate(s: string, quoted: boolean): (string | RawDirective)[] {
  const out: (string | RawDirective)[] = [];
  let text = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if ((c === '$' || c === '%') && s[i + 1] === c && s[i + 2] === '{') {
      text += c + '{';
      i += 3;
    } else if ((c === '$' || c === '%') && s[i + 1] === '{') {
      const end = closeBrace(s, i + 2);
      let body = s.slice(i + 2, end);
      const stripBefore = body.startsWith('~');
      const stripAfter = body.endsWith('~');
      if (stripBefore) body = body.slice(1);
      if (stripAfter) body = body.slice(0, -1);
      out.push(text);
      text = '';
      out.push({ kind: c === '$' ? 'interp' : 'dir', body, stripBefore, stripAfter });
      i = end + 1;
    } else if (quoted && c === '\\') {
      const [d, n] = decodeEscape(s, i);
      text += d;
      i = n;
    } else {
      text += c ?? '';
      i++;
    }
  }
  out.push(text);
  // Strip markers remove adjacent whitespace.
  for (let j = 0; j < out.length; j++) {
    const p = out[j];
    if (typeof p === 'string') continue;
    if (p?.stripBefore && typeof out[j - 1] === 'string')
      out[j - 1] = (out[j - 1] as string).replace(/\s+$/, '');
    if (p?.stripAfter && typeof out[j + 1] === 'string')
      out[j + 1] = (out[j + 1] as string).replace(/^\s+/, '');
  }
  return out;
}
