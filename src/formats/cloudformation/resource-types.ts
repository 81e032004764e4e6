/**
 * Which CloudFormation resource types vpcsim ignores because they have no effect on the data plane (IAM, logs,
 * parameters …), and which are custom resources. The types it models are the keys of the mapper table
 * (mappers.ts); every other type is unsupported: listed in `network.unsupported`, named in one warning per type,
 * and routes that target one carry a caveat.
 */

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
  'AWS::EC2::Volume',
  'AWS::EC2::VolumeAttachment',
  'AWS::EC2::DHCPOptions',
  'AWS::EC2::VPCDHCPOptionsAssociation',
  // TLS certificates and trust stores of listeners: no effect on reachability (TLS is not modelled, B14).
  'AWS::ElasticLoadBalancingV2::ListenerCertificate',
  'AWS::ElasticLoadBalancingV2::TrustStore',
  'AWS::NetworkFirewall::LoggingConfiguration',
  'AWS::Lambda::Permission',
]);

/** No effect on packets: not modelled and not worth a warning (listed once in an info diagnostic). */
export function isIgnoredType(type: string): boolean {
  return IGNORED_TYPES.has(type) || IGNORED_PREFIXES.some((p) => type.startsWith(p));
}

/** Custom resources (`Custom::X` or `AWS::CloudFormation::CustomResource`): code that runs at deploy time. */
export function isCustomType(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}
