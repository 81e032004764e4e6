/**
 * Colours and shapes shared by every diagram renderer (DOT, Mermaid, web), so a forward path looks the same
 * everywhere. Constants only.
 */
import type { ClusterKind, NodeKind } from './topology.js';

export const FORWARD_COLOR = '#1565c0';
export const RETURN_COLOR = '#e65100';
export const DROP_COLOR = '#c62828';
export const NOTE_COLOR = '#f9a825';
export const ROUTE_COLOR = '#9e9e9e';

export const NODE_FILL: Readonly<Record<NodeKind, string>> = {
  internet: '#e3f2fd',
  'internet-gateway': '#c8e6c9',
  'virtual-private-gateway': '#c8e6c9',
  'nat-gateway': '#ffe0b2',
  instance: '#ffffff',
  'network-interface': '#fafafa',
  'subnet-router': '#eceff1',
  'firewall-endpoint': '#ffcdd2',
  'gwlb-endpoint': '#f8bbd0',
  'interface-endpoint': '#e1bee7',
  'gateway-endpoint': '#e1bee7',
  'load-balancer': '#dcedc8',
  'target-group': '#f1f8e9',
  'endpoint-service': '#e1bee7',
  'vpc-peering': '#b2ebf2',
  'transit-gateway': '#b3e5fc',
  'client-vpn-endpoint': '#d1c4e9',
  'client-vpn-eni': '#ede7f6',
  'vpn-client': '#d1c4e9',
  external: '#eeeeee',
};

export const CLUSTER_STYLE: Readonly<
  Record<ClusterKind, { readonly color: string; readonly fill: string; readonly dashed: boolean }>
> = {
  region: { color: '#616161', fill: '#ffffff', dashed: true },
  vpc: { color: '#2e7d32', fill: '#f6fbf6', dashed: false },
  az: { color: '#1565c0', fill: '#fbfdff', dashed: true },
  subnet: { color: '#546e7a', fill: '#eef6fc', dashed: false },
};

/** Fill of a subnet that routes to an internet gateway ("public subnet"). */
export const PUBLIC_SUBNET_FILL = '#edf7e9';
