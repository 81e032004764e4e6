/**
 * Which CloudFormation resource types vpcsim models, which it ignores because they have no effect on the data
 * plane (IAM, logs, parameters …), and — by elimination — which are unsupported: those are listed in
 * `network.unsupported` and named in one warning per type, and routes that target them carry a caveat.
 */

export const MODELLED_TYPES: ReadonlySet<string> = new Set([
  'AWS::EC2::VPC',
  'AWS::EC2::VPCCidrBlock',
  'AWS::EC2::Subnet',
  'AWS::EC2::RouteTable',
  'AWS::EC2::Route',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::GatewayRouteTableAssociation',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::VPNGateway',
  'AWS::EC2::VPNGatewayRoutePropagation',
  'AWS::EC2::VPCGatewayAttachment',
  'AWS::EC2::EgressOnlyInternetGateway',
  'AWS::EC2::NatGateway',
  'AWS::EC2::EIP',
  'AWS::EC2::EIPAssociation',
  'AWS::EC2::Instance',
  'AWS::EC2::NetworkInterface',
  'AWS::EC2::NetworkInterfaceAttachment',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroupEgress',
  'AWS::EC2::NetworkAcl',
  'AWS::EC2::NetworkAclEntry',
  'AWS::EC2::SubnetNetworkAclAssociation',
  'AWS::EC2::VPCPeeringConnection',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::PrefixList',
  'AWS::EC2::ClientVpnEndpoint',
  'AWS::EC2::ClientVpnTargetNetworkAssociation',
  'AWS::EC2::ClientVpnAuthorizationRule',
  'AWS::EC2::ClientVpnRoute',
  'AWS::NetworkFirewall::Firewall',
  'AWS::NetworkFirewall::FirewallPolicy',
  'AWS::NetworkFirewall::RuleGroup',
]);

const IGNORED_PREFIXES: readonly string[] = [
  'AWS::IAM::',
  'AWS::Logs::',
  'AWS::SSM::',
  'AWS::SecretsManager::',
  'AWS::KMS::',
  'AWS::CloudWatch::',
  'AWS::SNS::',
  'AWS::SQS::',
  'AWS::S3::',
  'AWS::Events::',
  'AWS::ACM::',
  'AWS::CertificateManager::',
];

const IGNORED_TYPES: ReadonlySet<string> = new Set([
  'AWS::CDK::Metadata',
  'AWS::CloudFormation::WaitCondition',
  'AWS::CloudFormation::WaitConditionHandle',
  'AWS::EC2::KeyPair',
  'AWS::EC2::FlowLog',
  'AWS::EC2::LaunchTemplate',
  'AWS::EC2::Volume',
  'AWS::EC2::VolumeAttachment',
  'AWS::EC2::DHCPOptions',
  'AWS::EC2::VPCDHCPOptionsAssociation',
  'AWS::EC2::VPCEndpointServicePermissions',
  'AWS::NetworkFirewall::LoggingConfiguration',
  'AWS::Lambda::Permission',
]);

/** No effect on packets: not modelled and not worth a warning (listed once in an info diagnostic). */
export function isIgnoredType(type: string): boolean {
  return IGNORED_TYPES.has(type) || IGNORED_PREFIXES.some((p) => type.startsWith(p));
}

/** Network-relevant (or unknown) and not modelled: warned about by type. */
export function isUnsupportedType(type: string): boolean {
  return !MODELLED_TYPES.has(type) && !isIgnoredType(type);
}

/** Custom resources (`Custom::X` or `AWS::CloudFormation::CustomResource`): code that runs at deploy time. */
export function isCustomType(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}
