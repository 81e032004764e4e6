/**
 * Asymmetry through a transit gateway (TGW-5, TGW-24.2, TGW-24.3): without appliance mode the gateway hands each
 * direction of a flow to the attachment ENI in the AZ where that direction entered, so a request and its reply can
 * cross an inspection VPC in different AZs — through different firewall endpoints or appliances. This finds the VPC
 * attachment without appliance mode in front of the stateful hops the two directions did not share, and the fix.
 */
import type { CompiledNetwork, CVpc } from '../dataplane/compiled.js';
import type { CTgwAttachment } from '../dataplane/transit-gateway/compiled.js';

/** The VPC a stateful hop (firewall or GWLB endpoint, forwarding instance) sits in. */
function vpcOfStateful(c: CompiledNetwork, id: string): CVpc | undefined {
  return (
    c.firewallEndpoints.get(id)?.subnet.vpc ??
    c.gwlbEndpoints.get(id)?.subnet.vpc ??
    c.instances.get(id)?.enis[0]?.subnet.vpc
  );
}

export interface ApplianceModeFinding {
  readonly attachment: string;
  readonly suggestion: string;
}

/**
 * The VPC attachment, in several AZs and without appliance mode, of the VPC holding one of the stateful hops only
 * one direction used (`unshared`) — undefined when there is none (the asymmetry has another cause).
 */
export function applianceModeFix(
  c: CompiledNetwork,
  unshared: readonly string[],
): ApplianceModeFinding | undefined {
  for (const id of unshared) {
    const vpc = vpcOfStateful(c, id);
    if (!vpc) continue;
    const att: CTgwAttachment | undefined = [...c.transit.attachments.values()].find(
      (a) => a.kind === 'vpc' && a.vpc === vpc && !a.applianceMode && a.azs.length > 1,
    );
    if (att) {
      return {
        attachment: att.id,
        suggestion: `enable appliance mode on attachment ${att.id} (TGW-5, TGW-24.3): without it the transit gateway hands each direction to ${vpc.id} in the AZ where it entered, so the request and the reply cross different stateful hops`,
      };
    }
  }
  return undefined;
}
