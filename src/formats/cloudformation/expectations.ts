/**
 * Network tests kept next to the stack: template-level `Metadata: { vpcsim: { expect: [ … ] } }`.
 *
 * Each item uses the keys of model/expectation.ts, flat (`name`, `from`, `to`, `protocol`, `port`, `srcPort`,
 * `icmpType`, `icmpCode`, `sni`, `host`, `verdict`, `code`, `hops`, `returnHops`, `notHops`, `droppedAt`,
 * `failsOn`, `seenAtDestination`, `seenAtSource`, `mentions`) or with the flow fields under `flow:`. Values are
 * literal (Metadata is not evaluated by CloudFormation either). An item without `from`, `to` or a valid `verdict`
 * is an error `VPCSIM_EXPECT_INVALID` at its position; unknown keys, and a `code` that is not an explanation code of
 * diag/codes.ts (UNKNOWN_CODE, with the closest one), are warnings.
 */
import { error, warning, type Diagnostic } from '../../diag/diagnostic.js';
import { isExplanationCode, unknownCodeMessage } from '../../diag/codes.js';
import type { Expectation, FlowSpec, SeenAt } from '../../model/expectation.js';
import { child, scalarText, type CfnNode } from './node.js';
import { spanOf } from './template.js';

const KEYS = new Set([
  'name',
  'flow',
  'from',
  'to',
  'protocol',
  'port',
  'srcPort',
  'icmpType',
  'icmpCode',
  'sni',
  'host',
  'verdict',
  'code',
  'hops',
  'returnHops',
  'notHops',
  'droppedAt',
  'failsOn',
  'seenAtDestination',
  'seenAtSource',
  'mentions',
]);

const FLOW_RE = /^\s*(tcp|udp|icmp|all|\d+)(?:\/(\d+))?\s*$/i;

function num(n: CfnNode | undefined): number | undefined {
  const t = scalarText(n);
  return t !== undefined && /^-?[0-9]+$/.test(t) ? Number(t) : undefined;
}

function strs(n: CfnNode | undefined): string[] | undefined {
  if (n === undefined) return undefined;
  if (n.kind === 'seq') return n.items.map((i) => scalarText(i)).filter((x): x is string => x !== undefined);
  const t = scalarText(n);
  return t === undefined ? undefined : [t];
}

function seen(n: CfnNode | undefined): SeenAt | undefined {
  if (n?.kind !== 'map') return undefined;
  return {
    src: scalarText(child(n, 'src')),
    dst: scalarText(child(n, 'dst')),
    srcPort: num(child(n, 'srcPort')),
    dstPort: num(child(n, 'dstPort')),
  };
}

/** Read the expectations of one template's Metadata. */
export function readExpectations(
  metadata: CfnNode | undefined,
  file: string,
  diags: Diagnostic[],
): Expectation[] {
  const list = child(child(metadata, 'vpcsim'), 'expect');
  if (list === undefined) return [];
  if (list.kind !== 'seq') {
    diags.push(
      error(
        'VPCSIM_EXPECT_INVALID',
        'Metadata.vpcsim.expect must be a list of expectations',
        spanOf(file, list.pos),
      ),
    );
    return [];
  }
  const out: Expectation[] = [];
  list.items.forEach((item, i) => {
    const span = spanOf(file, item.pos);
    if (item.kind !== 'map') {
      diags.push(error('VPCSIM_EXPECT_INVALID', 'an expectation must be a mapping', span));
      return;
    }
    for (const e of item.entries)
      if (!KEYS.has(e.key))
        diags.push(
          warning(
            'VPCSIM_EXPECT_UNKNOWN_KEY',
            `unknown expectation key "${e.key}" (ignored)`,
            spanOf(file, e.keyPos),
          ),
        );
    // `flow` is either a mapping of flow fields or the native shorthand `tcp/443`, `udp/53`, `icmp`.
    const flowNode = child(item, 'flow');
    const shorthand = flowNode?.kind === 'scalar' ? FLOW_RE.exec(scalarText(flowNode) ?? '') : null;
    if (flowNode?.kind === 'scalar' && !shorthand) {
      diags.push(
        error(
          'VPCSIM_EXPECT_INVALID',
          `flow "${scalarText(flowNode) ?? ''}" must read like "tcp/443", "udp/53" or "icmp"`,
          spanOf(file, flowNode.pos),
        ),
      );
    }
    const f = flowNode?.kind === 'map' ? flowNode : item;
    const from = scalarText(child(f, 'from'));
    const to = scalarText(child(f, 'to'));
    const verdict = scalarText(child(item, 'verdict'));
    if (
      from === undefined ||
      to === undefined ||
      (verdict !== 'reachable' && verdict !== 'unreachable' && verdict !== 'asymmetric')
    ) {
      diags.push(
        error(
          'VPCSIM_EXPECT_INVALID',
          'an expectation needs from, to and verdict (reachable | unreachable | asymmetric)',
          span,
        ),
      );
      return;
    }
    const flow: FlowSpec = {
      from,
      to,
      protocol: shorthand?.[1]?.toLowerCase() ?? scalarText(child(f, 'protocol')),
      port: shorthand?.[2] !== undefined ? Number(shorthand[2]) : num(child(f, 'port')),
      srcPort: num(child(f, 'srcPort')),
      icmpType: num(child(f, 'icmpType')),
      icmpCode: num(child(f, 'icmpCode')),
      sni: scalarText(child(f, 'sni')),
      host: scalarText(child(f, 'host')),
    };
    // The code must be one vpcsim can report (diag/codes.ts); an unknown one could never match.
    const codeNode = child(item, 'code');
    const code = scalarText(codeNode);
    if (code !== undefined && codeNode !== undefined && !isExplanationCode(code))
      diags.push(
        warning('UNKNOWN_CODE', unknownCodeMessage(code, 'explanation'), spanOf(file, codeNode.pos)),
      );
    const failsOn = scalarText(child(item, 'failsOn'));
    out.push({
      name: scalarText(child(item, 'name')) ?? `expectation ${i + 1}`,
      flow,
      verdict,
      code,
      hops: strs(child(item, 'hops')),
      returnHops: strs(child(item, 'returnHops')),
      notHops: strs(child(item, 'notHops')),
      droppedAt: scalarText(child(item, 'droppedAt')),
      failsOn: failsOn === 'forward' || failsOn === 'return' ? failsOn : undefined,
      seenAtDestination: seen(child(item, 'seenAtDestination')),
      seenAtSource: seen(child(item, 'seenAtSource')),
      mentions: strs(child(item, 'mentions')),
      span,
    });
  });
  return out;
}
