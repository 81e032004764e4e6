/**
 * Which attachment ENI (which Availability Zone) a transit gateway uses (TGW-24, the executable reading of TGW-5 and
 * TGW-23). Pure: the walk records the answer and any appliance-mode pin in its trace state.
 */

/** TGW-24.1: a packet from a VPC enters through the attachment ENI in the sender's AZ; none there → undefined. */
export function ingressAz(attachmentAzs: readonly string[], senderAz: string): string | undefined {
  return attachmentAzs.includes(senderAz) ? senderAz : undefined;
}

export interface EgressChoice {
  readonly az: string;
  /** The packet leaves in another AZ than the one it entered the gateway in (AVAILABILITY_ZONE_CROSSED). */
  readonly crossed: boolean;
  /** The AZ was picked by the (unspecified) appliance-mode flow hash: an assumption the trace states (TGW-24.3). */
  readonly hashed: boolean;
}

/**
 * The AZ a packet leaves a VPC attachment in (TGW-24.2, TGW-24.3, TGW-24.5). `azs` are the attachment's AZs sorted
 * by name; `entryAz` is where the packet entered the gateway (undefined for VPN, DX, peering, Connect: no AZ);
 * `pinned` is the AZ an appliance-mode attachment already chose for this flow (either direction).
 */
export function egressAz(
  azs: readonly string[],
  applianceMode: boolean,
  entryAz: string | undefined,
  pinned: string | undefined,
): EgressChoice | undefined {
  const first = azs[0];
  if (first === undefined) return undefined;
  if (applianceMode) {
    // TGW-24.3: one ENI per flow for both directions; the hash is unspecified — vpcsim assumes the entry AZ.
    if (pinned !== undefined && azs.includes(pinned))
      return { az: pinned, crossed: entryAz !== undefined && pinned !== entryAz, hashed: false };
    const az = entryAz !== undefined && azs.includes(entryAz) ? entryAz : first;
    return { az, crossed: entryAz !== undefined && az !== entryAz, hashed: true };
  }
  // TGW-24.2: stay in the entry AZ; another AZ only when the attachment has no subnet there.
  if (entryAz !== undefined && azs.includes(entryAz)) return { az: entryAz, crossed: false, hashed: false };
  return { az: first, crossed: entryAz !== undefined, hashed: false };
}
