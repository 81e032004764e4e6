/**
 * The ports or ICMP type/code of a security group or network ACL rule from the API's FromPort/ToPort pair, as every
 * importer writes it (CloudFormation FromPort/ToPort, Terraform from_port/to_port, describe-* FromPort/ToPort):
 * TCP/UDP (SG-5) a port range — FromPort -1 or absent means every port, ToPort -1 or absent the single port FromPort;
 * ICMP and ICMPv6 (SG-5, V6-9) FromPort the type and ToPort the code, -1 for all — a type of -1 means every ICMP
 * message whatever the code (AWS requires the code to be -1 then); any other protocol has neither.
 */
import type { IcmpSelector, PortRange } from '../../model/network.js';

export function portsAndIcmp(
  protocol: number,
  from: number | undefined,
  to: number | undefined,
): { ports?: PortRange; icmp?: IcmpSelector } {
  if (protocol === 6 || protocol === 17) {
    if (from === undefined || from === -1) return {};
    return { ports: { from, to: to === undefined || to === -1 ? from : to } };
  }
  if (protocol === 1 || protocol === 58) {
    const type = from ?? -1;
    return type === -1 ? {} : { icmp: { type, code: to ?? -1 } };
  }
  return {};
}
