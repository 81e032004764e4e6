/**
 * An instance's OS network configuration written in a native document (`os:`): one text (iptables-save, commands,
 * a user-data script — parse.ts of formats/iptables recognises which), or its parts (`sysctl`, `iptables`,
 * `iptablesSave`, `ip6tablesSave`, `userData`, `routes`) merged in that order. Positions inside embedded text map back to the file.
 */
import type { InstanceOs } from '../../model/os.js';
import { defaultOs } from '../../model/os.js';
import { mergeOs, parseOsConfig } from '../iptables/index.js';
import { blockPosition, type NativeContext } from './context.js';
import { obj } from './names.js';
import type { NativeOs } from './schema.js';

type OsText = 'commands' | 'iptables-save' | 'ip6tables-save' | 'user-data' | 'auto';

export function osOf(c: NativeContext, os: NativeOs, ri: Record<string, unknown>, inst: string): InstanceOs {
  const { spans, file } = c;
  const osSpan = spans.valueSpan(ri, 'os');
  const parse = (text: string, kind: OsText, position: Parameters<typeof parseOsConfig>[1]['position']) => {
    const r = parseOsConfig(text, { file, kind, position });
    c.b.diags.push(...r.diagnostics.map((d) => ({ ...d, resource: d.resource ?? inst })));
    return r.os;
  };
  if (typeof os === 'string')
    return { ...parse(os, 'auto', blockPosition(c, spans.get(ri)?.blocks.get('os'))), span: osSpan };
  const ro = obj(ri.os);
  let result: InstanceOs = { ...defaultOs(), span: osSpan };
  if (os.sysctl) {
    const keys = Object.keys(os.sysctl);
    const lines = Object.entries(os.sysctl)
      .map(([k, v]) => `sysctl -w ${k}=${String(v)}`)
      .join('\n');
    const rs = obj(ro.sysctl);
    const at = (line: number) =>
      spans.keySpan(rs, keys[line - 1] ?? '') ?? osSpan ?? { file, line: 0, col: 0 };
    result = mergeOs(result, parse(lines, 'commands', at));
  }
  const parts: [string, string | undefined, OsText][] = [
    ['iptables', os.iptables, 'auto'],
    ['iptablesSave', os.iptablesSave, 'iptables-save'],
    ['ip6tablesSave', os.ip6tablesSave, 'ip6tables-save'],
    ['userData', os.userData, 'user-data'],
  ];
  for (const [key, text, kind] of parts) {
    if (text === undefined) continue;
    result = mergeOs(result, parse(text, kind, blockPosition(c, spans.get(ro)?.blocks.get(key))));
  }
  if (os.routes) {
    const text = os.routes.map((r) => `ip route add ${r}`).join('\n');
    const rr = obj(ro.routes);
    const at = (line: number) => spans.valueSpan(rr, line - 1) ?? osSpan ?? { file, line: 0, col: 0 };
    result = mergeOs(result, parse(text, 'commands', at));
  }
  return result;
}
