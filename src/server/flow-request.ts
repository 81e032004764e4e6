/**
 * The body of POST /api/trace, checked: a flow the trace engine can take, or a message saying what is wrong.
 * Unknown fields are refused (a typo such as `dstPort` must not be silently ignored).
 */
import type { FlowSpec } from '../model/expectation.js';

export type FlowParse =
  | { readonly ok: true; readonly flow: FlowSpec; readonly variant?: string | undefined }
  | { readonly ok: false; readonly message: string };

const FIELDS = new Set([
  'from',
  'to',
  'protocol',
  'port',
  'srcPort',
  'sni',
  'host',
  'path',
  'icmpType',
  'icmpCode',
  'variant',
]);

const isPort = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535;

/** `parseFlowRequest({from:'app', to:'8.8.8.8', protocol:'udp', port:53})` → `{ok:true, flow:{…}}`. */
export function parseFlowRequest(body: unknown): FlowParse {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, message: 'the body must be a JSON object' };
  const o = body as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !FIELDS.has(k));
  if (unknown.length > 0)
    return {
      ok: false,
      message: `unknown field(s): ${unknown.join(', ')} (expected ${[...FIELDS].join(', ')})`,
    };
  const str = (k: string): string | undefined => {
    const v = o[k];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const from = str('from');
  const to = str('to');
  if (from === undefined || to === undefined)
    return { ok: false, message: '"from" and "to" are required (a resource name or an IP address)' };
  for (const k of ['port', 'srcPort']) {
    const v = o[k];
    if (v !== undefined && v !== null && v !== '' && !isPort(v))
      return { ok: false, message: `"${k}" must be an integer 0–65535` };
  }
  for (const k of ['icmpType', 'icmpCode']) {
    const v = o[k];
    if (
      v !== undefined &&
      v !== null &&
      (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255)
    ) {
      return { ok: false, message: `"${k}" must be an integer 0–255` };
    }
  }
  const num = (k: string): number | undefined => (typeof o[k] === 'number' ? o[k] : undefined);
  const flow: FlowSpec = {
    from,
    to,
    protocol: str('protocol'),
    port: num('port'),
    srcPort: num('srcPort'),
    icmpType: num('icmpType'),
    icmpCode: num('icmpCode'),
    sni: str('sni'),
    host: str('host'),
    path: str('path'),
  };
  const clean = Object.fromEntries(
    Object.entries(flow).filter(([, v]) => v !== undefined),
  ) as unknown as FlowSpec;
  return { ok: true, flow: clean, variant: str('variant') };
}
