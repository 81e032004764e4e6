/**
 * An instance's operating-system network configuration, from its template: UserData (after Fn::Base64 and
 * Fn::Sub; plain text written without Fn::Base64 is accepted too) and `Metadata.vpcsim.os`, read with the
 * iptables/sysctl parser (formats/iptables), positions pointing into the template. What the parser does not
 * understand it reports; a script that configures nothing network-related leaves the instance an ordinary host.
 */
import type { InstanceOs } from '../../model/os.js';
import { mergeOs, parseOsConfig } from '../iptables/index.js';
import { prop, type ImportContext, type ResourceRef } from './context.js';
import { child, scalarText, type Pos } from './node.js';
import { embeddedPosition } from './embedded-text.js';

/** The text of a UserData property (decoded from Fn::Base64) and where its lines are in the template. */
function userDataText(
  ctx: ImportContext,
  r: ResourceRef,
): { text: string; at: (line: number, col: number) => Pos } | undefined {
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
  return { text, at: embeddedPosition(node, node.pos, text) };
}

/** The OS configuration of an instance, or undefined for an ordinary host. */
export function readOs(ctx: ImportContext, r: ResourceRef): InstanceOs | undefined {
  let os: InstanceOs | undefined;
  const file = r.stack.template.file;
  const parse = (text: string, at: (line: number, col: number) => Pos, kind: 'user-data' | 'auto') => {
    const res = parseOsConfig(text, { file, kind, position: (line, col) => ({ file, ...at(line, col) }) });
    for (const d of res.diagnostics) ctx.diags.push(d.resource === undefined ? { ...d, resource: r.id } : d);
    os = os ? mergeOs(os, res.os) : res.os;
  };
  const ud = userDataText(ctx, r);
  if (ud) parse(ud.text, ud.at, 'user-data');
  const osNode = child(child(r.decl.metadata, 'vpcsim'), 'os');
  const osText = scalarText(osNode);
  if (osNode && osText !== undefined) parse(osText, embeddedPosition(osNode, osNode.pos, osText), 'auto');
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
