/**
 * The `Fn::Sub` template string: literal text and `${Name}` / `${Resource.Attribute}` placeholders; `${!Text}`
 * is the literal `${Text}`. An unterminated `${` is literal text (as CloudFormation leaves it).
 */

export type SubPart =
  { readonly kind: 'text'; readonly text: string } | { readonly kind: 'var'; readonly name: string };

/** Split a Sub string. `parseSub("a-${X}")` → [text "a-", var "X"]. */
export function parseSub(s: string): SubPart[] {
  const parts: SubPart[] = [];
  let text = '';
  let i = 0;
  while (i < s.length) {
    const start = s.indexOf('${', i);
    if (start < 0) {
      text += s.slice(i);
      break;
    }
    const end = s.indexOf('}', start + 2);
    if (end < 0) {
      text += s.slice(i);
      break;
    }
    text += s.slice(i, start);
    const inner = s.slice(start + 2, end);
    if (inner.startsWith('!')) {
      text += '${' + inner.slice(1) + '}';
    } else {
      if (text) parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'var', name: inner.trim() });
    }
    i = end + 1;
  }
  if (text) parts.push({ kind: 'text', text });
  return parts;
}
