/**
 * Clicking a node fills the flow form's next field (from, then to): with the name the input used for an instance,
 * ENI, NAT gateway or VPN client (`client:NAME`), with the address of other resources, and with a host on the
 * internet for "the internet" — an RFC 5737 documentation address outside every VPC CIDR of the inputs, which the
 * trace engine reads as the internet (analysis/endpoints.ts).
 */
import type cytoscape from 'cytoscape';
import { $, setStatus } from './dom.js';
import type { PageState } from './page-state.js';

/** Documentation addresses (RFC 5737), tried in order: the first outside every VPC CIDR stands for the internet. */
const INTERNET_HOSTS = ['198.51.100.10', '203.0.113.10', '192.0.2.10'];

const ipv4 = (text: string): number | undefined => {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return parts.reduce((a, p) => a * 256 + p, 0);
};

const inCidr = (addr: number, cidr: string): boolean => {
  const [base, len] = cidr.split('/');
  const b = ipv4(base ?? '');
  const n = Number(len);
  if (b === undefined || !Number.isInteger(n) || n < 0 || n > 32) return false;
  const size = 2 ** (32 - n);
  return Math.floor(addr / size) === Math.floor(b / size);
};

/** A host on the internet for these VPC CIDRs. */
export function internetHost(vpcCidrs: readonly string[]): string {
  const free = INTERNET_HOSTS.find((h) => !vpcCidrs.some((c) => inCidr(ipv4(h) ?? 0, c)));
  return free ?? '198.51.100.10';
}

export function pickNode(page: PageState, n: cytoscape.NodeSingular): void {
  const m = page.model;
  if (!m) return;
  const node = m.graph.nodes.find((x) => x.id === n.id());
  if (!node) return;
  // Endpoints are named by the identifier the input used, or by address (architecture.md §2); the internet by
  // a host on it (issue 14: clicking "the internet" sets it as an endpoint).
  const endpointKinds = ['instance', 'network-interface', 'nat-gateway', 'vpn-client'];
  const value =
    node.kind === 'internet'
      ? internetHost(m.network.vpcs.flatMap((v) => v.cidrs))
      : node.kind === 'vpn-client'
        ? `client:${node.resource}`
        : endpointKinds.includes(node.kind)
          ? node.resource
          : node.ips[0];
  if (value === undefined) {
    setStatus(`${node.kind} ${node.resource} is not an endpoint; type an address instead`);
    return;
  }
  const form = $<HTMLFormElement>('flow');
  (form.elements.namedItem(page.pick) as HTMLInputElement).value = value;
  const set = page.pick;
  page.pick = page.pick === 'from' ? 'to' : 'from';
  $('pick-hint').innerHTML = `Next click sets <b>${page.pick}</b>.`;
  if (node.kind === 'internet')
    setStatus(
      `${set}: ${value}, a host on the internet (an address outside every VPC; any public address will do)`,
    );
}
