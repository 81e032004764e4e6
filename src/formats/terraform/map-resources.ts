/**
 * Terraform resource instances (from HCL evaluation or plan/state JSON) → the vendor-independent Network.
 *
 * Every instance keeps its Terraform address as `id` (`aws_instance.web`, `module.nat.aws_network_interface.this`,
 * `aws_subnet.private[0]`); in state/plan JSON a known AWS id (`subnet-0abc`) is kept as `awsId` and references
 * written as AWS ids are mapped back to addresses. Each resource type has its mapper in the table below (one module
 * per concern); pass 1 runs every mapper's `create` in table order (containers, then what they hold), pass 2 every
 * `attach` (routes, rules, associations, Elastic IPs), and pass 3 fills the deploy-time values the configuration
 * leaves open (addresses.ts). `--assume ADDRESS.ATTRIBUTE=value` pins an attribute before mapping.
 *
 * A resource whose container is not in the configuration (an id from a registry module or an existing VPC) is not
 * modelled and is reported (TF_REFERENCE_UNRESOLVED). Resource types with no effect on the data plane (IAM, logs …)
 * are skipped; every other type vpcsim does not model is listed in `network.unsupported` with one
 * UNSUPPORTED_RESOURCE_TYPE warning per type, and routes to such targets get a caveat.
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { Network } from '../../model/network.js';
import type { Pins } from '../build/assume.js';
import { NetworkBuilder } from '../build/network-builder.js';
import { assignAddresses } from './addresses.js';
import { AUTOSCALING_MAPPERS } from './map-autoscaling.js';
import { TfMapContext, type MapInstance, type MapOptions } from './map-context.js';
import { CLIENT_VPN_MAPPERS } from './map-clientvpn.js';
import { COMPUTE_MAPPERS, EIP_MAPPERS, linkInstances } from './map-compute.js';
import { DEFAULT_MAPPERS } from './map-defaults.js';
import { FILTER_MAPPERS } from './map-filters.js';
import { FIREWALL_MAPPERS } from './map-firewall.js';
import { LOAD_BALANCER_MAPPERS } from './map-load-balancers.js';
import {
  GATEWAY_MAPPERS,
  PEERING_ENDPOINT_MAPPERS,
  PREFIX_LIST_MAPPERS,
  VPC_MAPPERS,
} from './map-network.js';
import { ROUTE_MAPPERS } from './map-routes.js';
import { TRANSIT_MAPPERS } from './map-transit.js';
import type { TypeMapper } from './mapper.js';
import type { TfObject, Unknown } from './value.js';

export type { MapInstance, MapOptions } from './map-context.js';

/** The mapper of every resource type vpcsim models, in the order they run (in both passes). */
const MAPPERS: Readonly<Record<string, TypeMapper>> = {
  ...VPC_MAPPERS,
  ...DEFAULT_MAPPERS,
  ...ROUTE_MAPPERS,
  ...GATEWAY_MAPPERS,
  ...FILTER_MAPPERS,
  ...PREFIX_LIST_MAPPERS,
  ...COMPUTE_MAPPERS,
  ...AUTOSCALING_MAPPERS,
  ...PEERING_ENDPOINT_MAPPERS,
  ...FIREWALL_MAPPERS,
  ...CLIENT_VPN_MAPPERS,
  ...TRANSIT_MAPPERS,
  ...EIP_MAPPERS,
  // After the Elastic IPs: an internet-facing node takes its subnet mapping's address in pass 2.
  ...LOAD_BALANCER_MAPPERS,
};

/** Resource types that are not network-relevant: skipped without a warning. */
const NOT_NETWORK =
  /^(aws_iam_|aws_key_pair|aws_cloudwatch_|aws_s3_|aws_kms_|aws_ssm_|aws_secretsmanager_|aws_sns_|aws_sqs_|aws_logs_|aws_ami|aws_ebs_|aws_volume_attachment|aws_ecr_|aws_dynamodb_|aws_lambda_permission|aws_acm_|aws_route53_record|aws_flow_log|aws_default_vpc_dhcp_options|aws_vpc_dhcp_options|random_|null_|tls_|local_|time_|terraform_data|aws_networkfirewall_logging_configuration|aws_ec2_tag|aws_ec2_client_vpn_network_association_unused|aws_lb_listener_certificate|aws_alb_listener_certificate|aws_lb_trust_store|aws_lb_cookie_stickiness_policy|aws_lb_ssl_negotiation_policy)/;

/** Types vpcsim does not model: each instance listed, one warning per type. */
function reportUnsupported(c: TfMapContext): void {
  for (const [type, list] of c.types()) {
    // A type is a name from the input: `resource "constructor" "x"` is not modelled (issue 21 item 4).
    if (Object.hasOwn(MAPPERS, type) || NOT_NETWORK.test(type)) continue;
    for (const i of list) {
      c.unsupportedTypes.set(i.address, type);
      c.b.unsupported({ id: i.address, type, span: i.span, reason: 'resource type not modelled by vpcsim' });
    }
  }
}

/** Map instances to a network; `assume` pins attributes (`--assume ADDRESS.ATTRIBUTE=value`). */
export function mapResources(
  instances: readonly MapInstance[],
  opts: MapOptions,
  assume: Readonly<Record<string, string>> = {},
): { network: Network; diagnostics: Diagnostic[] } {
  const b = new NetworkBuilder(assume);
  const pinned = instances.map((i) => withPins(b.pins, i));
  // Which values naming an undeclared data source the mappers read (undeclared-data.ts).
  const read = new Set<Unknown>();
  const u = opts.undeclared;
  const watched = u && u.size > 0 ? pinned.map((i) => ({ ...i, attrs: u.watch(i.attrs, read) })) : pinned;
  const c = new TfMapContext(b, opts, watched);
  for (const [type, m] of Object.entries(MAPPERS)) m.create?.(c, c.of(type));
  linkInstances(c);
  reportUnsupported(c);
  for (const [type, m] of Object.entries(MAPPERS)) m.attach?.(c, c.of(type));
  assignAddresses(c);
  if (u) b.diags.push(...u.diagnostics(read));
  b.diags.push(...b.pins.unusedDiagnostics('Terraform'));
  return b.finish();
}

/**
 * An instance with its pinned attributes in place. The attributes are the instance's own plus the pins (own
 * data properties: a pin named `__proto__` is an attribute, not a prototype); reading a pinned one marks its pin
 * used, so a pin of an attribute no mapper reads (`aws_eip.nat.publicip`, `aws_eip.nat.constructor`) is reported.
 */
function withPins(pins: Pins, i: MapInstance): MapInstance {
  const given = pins.attributesOf(i.address);
  if (given.length === 0) return i;
  const attrs: TfObject = { ...i.attrs, ...Object.fromEntries(given) };
  const names = new Set(given.map(([a]) => a));
  const watched = new Proxy(attrs, {
    get(target, key, receiver) {
      if (typeof key === 'string' && names.has(key)) pins.read(i.address, key);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { ...i, attrs: watched };
}
