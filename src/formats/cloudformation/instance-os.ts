/**
 * An instance's operating-system network configuration, from its template: UserData (after Fn::Base64 and
 * Fn::Sub; plain text written without Fn::Base64 is accepted too) and `Metadata.vpcsim.os`, read with the
 * iptables/sysctl parser (formats/iptables), positions pointing into the template. What the parser does not
 * understand it reports; a script that configures nothing network-related leaves the instance an ordinary host.
 */
import type { InstanceOs } from '../../model/os.js';
import { mergeOs, parseOsConfig } from '../iptables/index.js';
import { prop, type ImportContext, type ResourceRef } from './context.js';
import { child, scalarText, type CfnNode, type Pos } from './node.js';

/** The text and position of a UserData property: decoded from Fn::Base64, positioned at the literal text. */
function userDataText(ctx: ImportContext, r: ResourceRef): { text: string; pos: Pos } | undefined {
  const node = prop(r.decl, 'UserData');
  if (!node) return undefined;
  const v = r.stack.ev.value(node);
  if (typeof v !== 'string') return undefined;
  let text = v;
  const decoded = Buffer.from(v, 'base64').toString('utf8');
  // CloudFormation passes UserData as base64; accept plain text written without Fn::Base64 too.
  if (
    /^[A-Za-z0-9+/=\s]+$/.test(v) &&
    Buffer.from(decoded, 'utf8').toString('base64').replace(/=+$/, '') ===
      v.replace(/\s/g, '').replace(/=+$/, '')
  )
    text = decoded;
  return { text, pos: literalPos(node) };
}

/** Where the literal text inside Fn::Base64 / Fn::Sub starts. */
function literalPos(node: CfnNode): Pos {
  let n: CfnNode | undefined = node;
  for (let i = 0; i < 5 && n; i++) {
    if (n.kind === 'scalar') return n.textPos;
    if (n.kind === 'fn') n = n.arg.kind === 'seq' && n.name === 'Fn::Sub' ? n.arg.items[0] : n.arg;
    else break;
  }
  return node.pos;
}

/** The OS configuration of an instance, or undefined for an ordinary host. */
export function readOs(ctx: ImportContext, r: ResourceRef): InstanceOs | undefined {
  let os: InstanceOs | undefined;
  const file = r.stack.template.file;
  const parse = (text: string, pos: Pos, kind: 'user-data' | 'auto') => {
    const res = parseOsConfig(text, {
      file,
      kind,
      position: (line, col) => ({
        file,
        line: pos.line + line - 1,
        col: line === 1 ? pos.col + col - 1 : pos.col + col - 1,
      }),
    });
    for (const d of res.diagnostics) ctx.diags.push(d.resource === undefined ? { ...d, resource: r.id } : d);
    os = os ? mergeOs(os, res.os) : res.os;
  };
  const ud = userDataText(ctx, r);
  if (ud) parse(ud.text, ud.pos, 'user-data');
  const osNode = child(child(r.decl.metadata, 'vpcsim'), 'os');
  const osText = scalarText(osNode);
  if (osNode && osText !== undefined)
    parse(osText, osNode.kind === 'scalar' ? osNode.textPos : osNode.pos, 'auto');
  // A script that configures nothing network-related leaves the instance an ordinary host (os absent).
  if (
    os &&
    !os.ipForward &&
    Object.keys(os.sysctl).length === 0 &&
    Object.keys(os.netfilter.tables).length === 0 &&
    os.routes.length === 0
  )
    return undefined;
  return os;
}
