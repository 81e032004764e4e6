/**
 * Security groups and network ACLs as the AWS API checks them (SG-5, SG-6, SG-12, SG-14, NACL-2, NACL-5, NACL-9),
 * a reference to a peer VPC's group in another Region (PCX-6, an error), plus lint: a security-group reference to
 * a group in a VPC that is not peered (SG-6), and a network ACL that
 * admits a service but not its replies on ephemeral ports (NACL-1, NACL-6).
 */
import { error, warning, type Diagnostic } from '../diag/diagnostic.js';
import type { Prefix4 } from '../net/prefix.js';
import type { Network, NetworkAcl, NetworkAclRule, PortRange } from '../model/network.js';
import { compileNacl } from '../dataplane/network-acl.js';
import { naclRange } from '../dataplane/network-acl.js';
import { resolveAssociations, type Associations } from '../associations/resolve.js';
import { checkCidr, cidrParser, type CidrParser } from './addressing.js';
import { sgReferenceChecker } from '../model/sg-reference.js';

const LINUX_EPHEMERAL: PortRange = { from: 32768, to: 60999 };

function checkPorts(
  ports: PortRange | undefined,
  what: string,
  span: Diagnostic['span'],
  resource: string,
  out: Diagnostic[],
): void {
  if (!ports) return;
  const whole = Number.isInteger(ports.from) && Number.isInteger(ports.to);
  if (!whole || ports.from < 0 || ports.to > 65535 || ports.from > ports.to) {
    out.push(
      error(
        'INVALID_PORT_RANGE',
        `${what}: port range ${ports.from}-${ports.to} is not valid (whole numbers 0-65535, from ≤ to; AWS: InvalidParameterValue)`,
        span,
        { resource },
      ),
    );
  }
}

export function validateFilters(net: Network, assoc: Associations = resolveAssociations(net)): Diagnostic[] {
  const parse = cidrParser();
  const out: Diagnostic[] = [];
  // The input's groups and the default groups AWS implies (SG-4), by id and AWS id.
  const sgById = assoc.securityGroups;
  const refCheck = sgReferenceChecker(net, (id) => sgById.get(id)?.vpc);
  const vpcIds = new Set(net.vpcs.map((v) => v.id));
  const plIds = new Set(net.prefixLists.flatMap((p) => (p.awsId !== undefined ? [p.id, p.awsId] : [p.id])));
  const subnetVpc = new Map(net.subnets.map((s) => [s.id, s.vpc]));
  for (const g of net.securityGroups) {
    if (!vpcIds.has(g.vpc))
      out.push(
        error('UNKNOWN_REFERENCE', `security group ${g.id} names unknown VPC ${g.vpc}`, g.span, {
          resource: g.id,
        }),
      );
    for (const [dir, rules] of [
      ['inbound', g.inbound],
      ['outbound', g.outbound],
    ] as const) {
      if (rules.length > 60)
        out.push(
          warning(
            'SG_RULE_QUOTA',
            `security group ${g.id} has ${rules.length} ${dir} rules; the default quota is 60 (SG-12)`,
            g.span,
            { resource: g.id, ref: 'SG-12' },
          ),
        );
      for (const r of rules) {
        const span = r.span ?? g.span;
        checkPorts(r.ports, `security group ${g.id} ${dir} rule`, span, g.id, out);
        switch (r.peer.kind) {
          case 'cidr':
            checkCidr(r.peer.cidr, `security group ${g.id} ${dir} rule`, span, g.id, out, { parse });
            break;
          case 'prefix-list': {
            const pl = r.peer.prefixList;
            if (!plIds.has(pl)) {
              out.push(
                error(
                  'UNKNOWN_REFERENCE',
                  `security group ${g.id} ${dir} rule names unknown prefix list ${pl}`,
                  span,
                  { resource: g.id },
                ),
              );
            }
            break;
          }
          case 'security-group': {
            const ref = sgById.get(r.peer.group);
            if (!ref) {
              out.push(
                error(
                  'UNKNOWN_REFERENCE',
                  `security group ${g.id} ${dir} rule references unknown security group ${r.peer.group}`,
                  span,
                  { resource: g.id },
                ),
              );
            } else {
              // SG-6, PCX-6: same VPC, or an actively peered VPC in the same Region.
              const problem = refCheck(g.id, r.peer.group);
              if (problem?.kind === 'other-region') {
                out.push(
                  error(
                    'SG_REFERENCE_OTHER_REGION',
                    `security group ${g.id} ${dir} rule references ${ref.id}: ${problem.reason}`,
                    span,
                    { resource: g.id, ref: 'PCX-6' },
                  ),
                );
              } else if (problem) {
                out.push(
                  warning(
                    'SG_REFERENCE_NOT_PEERED',
                    `security group ${g.id} references ${ref.id} of VPC ${ref.vpc}, which is not peered with ${g.vpc}: the rule matches nothing (SG-6)`,
                    span,
                    {
                      resource: g.id,
                      ref: 'SG-6',
                    },
                  ),
                );
              }
            }
            break;
          }
        }
      }
    }
  }
  for (const e of net.networkInterfaces) {
    const vpc = subnetVpc.get(e.subnet);
    if (e.securityGroups.length > 16)
      out.push(
        error(
          'SG_PER_ENI_QUOTA',
          `network interface ${e.id} has ${e.securityGroups.length} security groups; the maximum is 16 (SG-12)`,
          e.span,
          { resource: e.id, ref: 'SG-12' },
        ),
      );
    else if (e.securityGroups.length > 5)
      out.push(
        warning(
          'SG_PER_ENI_QUOTA',
          `network interface ${e.id} has ${e.securityGroups.length} security groups; the default quota is 5 (SG-12)`,
          e.span,
          { resource: e.id, ref: 'SG-12' },
        ),
      );
    for (const gid of e.securityGroups) {
      const g = sgById.get(gid);
      if (!g)
        out.push(
          error('UNKNOWN_REFERENCE', `network interface ${e.id} uses unknown security group ${gid}`, e.span, {
            resource: e.id,
          }),
        );
      else if (vpc !== undefined && g.vpc !== vpc) {
        out.push(
          error(
            'SG_OTHER_VPC',
            `network interface ${e.id} in VPC ${vpc} cannot use security group ${g.id} of VPC ${g.vpc} (SG-14)`,
            e.span,
            { resource: e.id, ref: 'SG-14' },
          ),
        );
      }
    }
  }
  for (const acl of net.networkAcls) validateNacl(acl, out, parse);
  return out;
}

function validateNacl(acl: NetworkAcl, out: Diagnostic[], parse: CidrParser): void {
  for (const [dir, rules] of [
    ['inbound', acl.inbound],
    ['outbound', acl.outbound],
  ] as const) {
    const numbers = new Map<string, NetworkAclRule>();
    const v4 = rules.filter((r) => !r.cidr.includes(':')).length;
    if (v4 + 1 > 40)
      out.push(
        error(
          'NACL_RULE_QUOTA',
          `network ACL ${acl.id} has ${v4} ${dir} IPv4 rules; the maximum is 40 including the default rule (NACL-9)`,
          acl.span,
          { resource: acl.id, ref: 'NACL-9' },
        ),
      );
    else if (v4 + 1 > 20)
      out.push(
        warning(
          'NACL_RULE_QUOTA',
          `network ACL ${acl.id} has ${v4} ${dir} IPv4 rules; the default quota is 20 including the default rule (NACL-9)`,
          acl.span,
          { resource: acl.id, ref: 'NACL-9' },
        ),
      );
    for (const r of rules) {
      const span = r.span ?? acl.span;
      if (!Number.isInteger(r.number) || r.number < 1 || r.number > 32766) {
        out.push(
          error(
            'NACL_RULE_NUMBER',
            `network ACL ${acl.id} ${dir} rule number ${r.number} must be between 1 and 32766 (NACL-2)`,
            span,
            { resource: acl.id, ref: 'NACL-2' },
          ),
        );
      }
      const fam = r.cidr.includes(':') ? '6' : '4';
      const key = `${fam}|${r.number}`;
      if (numbers.has(key))
        out.push(
          error(
            'NACL_RULE_DUPLICATE',
            `network ACL ${acl.id} already has ${dir} rule ${r.number} (AWS: NetworkAclEntryAlreadyExists)`,
            span,
            { resource: acl.id },
          ),
        );
      numbers.set(key, r);
      checkPorts(r.ports, `network ACL ${acl.id} ${dir} rule ${r.number}`, span, acl.id, out);
      // NACL-5: an ICMP rule's type and code are whole numbers, -1 meaning all.
      const icmp = r.icmp;
      if (icmp && ![icmp.type, icmp.code].every((n) => Number.isInteger(n) && n >= -1 && n <= 255))
        out.push(
          error(
            'INVALID_ICMP_TYPE_CODE',
            `network ACL ${acl.id} ${dir} rule ${r.number}: ICMP type ${icmp.type} code ${icmp.code} is not valid (whole numbers -1 to 255; AWS: InvalidParameterValue)`,
            span,
            { resource: acl.id, ref: 'NACL-5' },
          ),
        );
      checkCidr(r.cidr, `network ACL ${acl.id} ${dir} rule ${r.number}`, span, acl.id, out, {
        allowHostBits: true,
        parse,
      });
    }
  }
  lintReplies(acl, out, parse);
}

/** NACL-1/NACL-6: a rule admitting TCP/UDP service traffic one way needs the replies admitted the other way. */
function lintReplies(acl: NetworkAcl, out: Diagnostic[], parse: CidrParser): void {
  // IPv4 blocks only, host bits canonicalised (as `tryCidr4`), from the validation's shared parser.
  const cidr4 = (t: string): Prefix4 | null => {
    const r = parse(t);
    return r.ok && r.value.prefix.family === 4 ? r.value.prefix : null;
  };
  const c = compileNacl(acl, cidr4);
  for (const [dir, rules] of [
    ['inbound', acl.inbound],
    ['outbound', acl.outbound],
  ] as const) {
    for (const r of rules) {
      if (r.action !== 'allow' || !(r.protocol === 6 || r.protocol === 17) || !r.ports || r.ports.to > 1023)
        continue;
      const peer = cidr4(r.cidr);
      if (!peer) continue;
      // The reply goes back to the peer (a host in the rule's CIDR) on its ephemeral port.
      const probe = {
        proto: r.protocol,
        src: peer.base,
        dst: peer.base,
        srcPort: r.ports.from,
        dstPort: 0,
        icmpType: 0,
        icmpCode: 0,
      };
      const rv = naclRange(c, dir === 'outbound', probe, LINUX_EPHEMERAL.from, LINUX_EPHEMERAL.to);
      if (rv.allowedPorts === 0) {
        out.push(
          warning(
            'NACL_BLOCKS_REPLIES',
            `network ACL ${acl.id}: ${dir} rule ${r.number} admits ${r.protocol === 6 ? 'TCP' : 'UDP'} ${r.ports.from}${r.ports.to !== r.ports.from ? `-${r.ports.to}` : ''} ${dir === 'inbound' ? 'from' : 'to'} ${r.cidr}, but no ${dir === 'inbound' ? 'outbound' : 'inbound'} rule admits the replies on ephemeral ports (${LINUX_EPHEMERAL.from}-${LINUX_EPHEMERAL.to}); network ACLs are stateless (NACL-1, NACL-6)`,
            r.span ?? acl.span,
            { resource: acl.id, ref: 'NACL-6' },
          ),
        );
      }
    }
  }
}
