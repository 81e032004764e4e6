/**
 * Transit gateways shared across accounts (TGW-12, AWS RAM): when the input says which account owns the gateway
 * and which owns an attachment's resource, an attachment from another account needs the gateway shared with that
 * account; a VPN attachment lives in the owner's account only; a gateway shared with you cannot be the requester of a
 * peering attachment. Inputs that give no account are not judged (one account is assumed, as everywhere else), and
 * whether a VPC attachment's account may use the gateway is judged only when the input says with whom the gateway is
 * shared (`sharedWith`): a describe-* snapshot lists attachments AWS already accepted but not the RAM shares, so its
 * silence about sharing is not a "not shared".
 */
import { error, type Diagnostic } from '../diag/diagnostic.js';
import type { Network } from '../model/network.js';
import type { TgwAttachment } from '../model/transit-gateway.js';

export function validateTgwSharing(net: Network, atts: readonly TgwAttachment[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const tgws = new Map(
    (net.transitGateways ?? []).flatMap((t) => [[t.id, t] as const, [t.awsId ?? t.id, t] as const]),
  );
  const vpcs = new Map(net.vpcs.flatMap((v) => [[v.id, v] as const, [v.awsId ?? v.id, v] as const]));
  for (const a of atts) {
    const tgw = tgws.get(a.transitGateway);
    const owner = tgw?.accountId;
    const account = a.accountId ?? (a.vpc !== undefined ? vpcs.get(a.vpc)?.accountId : undefined);
    if (!tgw || owner === undefined || account === undefined || account === owner) continue;
    const opts = { resource: a.id, ref: 'TGW-12' };
    if (a.kind === 'vpn')
      out.push(
        error(
          'TGW_ATTACHMENT_ACCOUNT',
          `VPN attachment ${a.id} is in account ${account}, but a VPN attachment must be in the account that owns transit gateway ${tgw.id} (${owner}) (TGW-12)`,
          a.span,
          opts,
        ),
      );
    else if (a.kind === 'peering')
      out.push(
        error(
          'TGW_ATTACHMENT_ACCOUNT',
          `peering attachment ${a.id} is requested from account ${account} on transit gateway ${tgw.id} of account ${owner}; a transit gateway shared with you is not available for peering (TGW-12)`,
          a.span,
          opts,
        ),
      );
    else if (a.kind === 'vpc' && tgw.sharedWith !== undefined && !tgw.sharedWith.includes(account))
      out.push(
        error(
          'TGW_NOT_SHARED',
          `attachment ${a.id} of account ${account} names transit gateway ${tgw.id} of account ${owner}, which is not shared with ${account} (AWS RAM); AWS would refuse the attachment as if the gateway did not exist (InvalidTransitGatewayID.NotFound). Share it (sharedWith: [${account}]) or attach from ${owner} (TGW-12)`,
          a.span,
          opts,
        ),
      );
  }
  return out;
}
