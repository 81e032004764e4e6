/**
 * VPC endpoint services (PrivateLink, aws-semantics.md B15): a provider's Network or Gateway Load Balancer
 * offered to consumers in other VPCs and accounts, and the interface endpoints consumers create to reach it.
 *
 * An interface endpoint itself is a `VpcEndpoint` of type `interface` in model/network.ts (its subnets, security
 * groups, addresses and state); it names its service by the service's id or name (`com.amazonaws.vpce.…`), or an
 * AWS service (`com.amazonaws.<region>.ssm`), which is a destination outside the modelled network.
 */
import type { Resource } from './network.js';

export interface EndpointService extends Resource {
  /** The provider's load balancers (NLB for interface endpoints, GWLB for GWLB endpoints: PL-5). */
  readonly loadBalancers: readonly string[];
  /** `com.amazonaws.vpce.<region>.vpce-svc-…`, how consumers name it. */
  readonly serviceName?: string | undefined;
  /** Connection requests need the provider's acceptance (PL-5; AWS default true). */
  readonly acceptanceRequired?: boolean | undefined;
  /** Principals allowed to create endpoints (ARNs), shown only. */
  readonly allowedPrincipals?: readonly string[] | undefined;
}
