import { describe, expect, it } from 'vitest';
import { at, errors, imp } from './helpers.js';

const VPC = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  Pub: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a } }
`;

describe('security groups and network ACLs', () => {
  it('SG-3: a security group without SecurityGroupEgress keeps the allow-all outbound rule; given egress replaces it', () => {
    const r =
      imp(`${VPC}  A: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: a, VpcId: !Ref Vpc, SecurityGroupIngress: [{ IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 198.51.100.7/32 }] } }
  B:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: b
      VpcId: !Ref Vpc
      SecurityGroupEgress: [{ IpProtocol: tcp, FromPort: 443, ToPort: 443, DestinationSecurityGroupId: !Ref A }]
  C: { Type: AWS::EC2::SecurityGroupIngress, Properties: { GroupId: !GetAtt A.GroupId, IpProtocol: icmp, FromPort: 8, ToPort: -1, SourceSecurityGroupId: !Ref B } }
`);
    const a = r.network.securityGroups.find((g) => g.id === 'A');
    const b = r.network.securityGroups.find((g) => g.id === 'B');
    expect(a?.outbound.map((x) => [x.protocol, x.peer])).toEqual([[-1, { kind: 'cidr', cidr: '0.0.0.0/0' }]]);
    expect(a?.inbound.map((x) => [x.protocol, x.ports, x.icmp, x.peer])).toEqual([
      [6, { from: 22, to: 22 }, undefined, { kind: 'cidr', cidr: '198.51.100.7/32' }],
      // ICMP: FromPort is the type (8 = echo request), ToPort -1 = any code.
      [1, undefined, { type: 8, code: -1 }, { kind: 'security-group', group: 'B', accountId: undefined }],
    ]);
    expect(b?.outbound.map((x) => [x.protocol, x.ports, x.peer])).toEqual([
      [6, { from: 443, to: 443 }, { kind: 'security-group', group: 'A', accountId: undefined }],
    ]);
    expect(
      at(
        a?.inbound[1]
          ? { severity: 'info', code: 'SG_RULE_UNREADABLE', message: '', span: a.inbound[1].span }
          : undefined,
      ),
    ).toBe('t.yaml:12:3');
  });

  it('NACL-4: a custom NACL starts empty (deny all); entries go in by direction with ports and ICMP', () => {
    const r = imp(`${VPC}  Acl: { Type: AWS::EC2::NetworkAcl, Properties: { VpcId: !Ref Vpc } }
  In: { Type: AWS::EC2::NetworkAclEntry, Properties: { NetworkAclId: !Ref Acl, RuleNumber: 100, Protocol: 6, RuleAction: allow, CidrBlock: 0.0.0.0/0, PortRange: { From: 1024, To: 65535 } } }
  Out: { Type: AWS::EC2::NetworkAclEntry, Properties: { NetworkAclId: !Ref Acl, RuleNumber: 90, Protocol: 1, RuleAction: deny, Egress: true, CidrBlock: 10.0.0.0/8, Icmp: { Type: 8, Code: -1 } } }
  Empty: { Type: AWS::EC2::NetworkAcl, Properties: { VpcId: !Ref Vpc } }
  Assoc: { Type: AWS::EC2::SubnetNetworkAclAssociation, Properties: { SubnetId: !Ref Pub, NetworkAclId: !Ref Acl } }
`);
    const acl = r.network.networkAcls.find((x) => x.id === 'Acl');
    expect(acl?.inbound).toMatchObject([
      { number: 100, protocol: 6, ports: { from: 1024, to: 65535 }, cidr: '0.0.0.0/0', action: 'allow' },
    ]);
    expect(acl?.outbound).toMatchObject([
      { number: 90, protocol: 1, icmp: { type: 8, code: -1 }, cidr: '10.0.0.0/8', action: 'deny' },
    ]);
    expect(r.network.networkAcls.find((x) => x.id === 'Empty')).toMatchObject({ inbound: [], outbound: [] });
    expect(r.network.subnets[0]?.networkAcl).toBe('Acl');
  });

  it('SG-4 / NACL-4: VPC.DefaultSecurityGroup and DefaultNetworkAcl map onto ids recorded on the VPC, with AWS default rules', () => {
    const r =
      imp(`${VPC}  Extra: { Type: AWS::EC2::SecurityGroupIngress, Properties: { GroupId: !GetAtt Vpc.DefaultSecurityGroup, IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 } }
  Deny: { Type: AWS::EC2::NetworkAclEntry, Properties: { NetworkAclId: !GetAtt Vpc.DefaultNetworkAcl, RuleNumber: 50, Protocol: -1, RuleAction: deny, CidrBlock: 192.0.2.0/24 } }
  Host: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref Pub } }
`);
    const vpc = r.network.vpcs[0];
    expect(vpc?.defaultSecurityGroup).toBe('Vpc.DefaultSecurityGroup');
    expect(vpc?.defaultNetworkAcl).toBe('Vpc.DefaultNetworkAcl');
    const sg = r.network.securityGroups.find((g) => g.id === 'Vpc.DefaultSecurityGroup');
    expect(sg?.isDefault).toBe(true);
    // SG-4: inbound all from the group itself, plus the added rule; outbound all.
    expect(sg?.inbound.map((x) => x.peer)).toEqual([
      { kind: 'security-group', group: 'Vpc.DefaultSecurityGroup' },
      { kind: 'cidr', cidr: '0.0.0.0/0' },
    ]);
    expect(sg?.outbound.map((x) => [x.protocol, x.peer])).toEqual([
      [-1, { kind: 'cidr', cidr: '0.0.0.0/0' }],
    ]);
    const acl = r.network.networkAcls.find((a) => a.id === 'Vpc.DefaultNetworkAcl');
    expect(acl?.inbound.map((x) => [x.number, x.action])).toEqual([
      [100, 'allow'],
      [50, 'deny'],
    ]);
    // An instance launched without security groups gets the default group (SG-4).
    expect(r.network.networkInterfaces.find((e) => e.id === 'Host.eth0')?.securityGroups).toEqual([
      'Vpc.DefaultSecurityGroup',
    ]);
  });
});

describe('deploy-time values (ADDR-2, assumed, --assume)', () => {
  const T = `${VPC}  A: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref Pub, PrivateIpAddress: 10.0.1.4 } }
  B: { Type: AWS::EC2::Instance, Properties: { NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: !Ref Pub, SecondaryPrivateIpAddressCount: 2 }] } }
  Eip: { Type: AWS::EC2::EIP, Properties: { Domain: vpc } }
  Nat: { Type: AWS::EC2::NatGateway, Properties: { SubnetId: !Ref Pub, AllocationId: !GetAtt Eip.AllocationId } }
  Eni: { Type: AWS::EC2::NetworkInterface, Properties: { SubnetId: !Ref Pub, PrivateIpAddresses: [{ PrivateIpAddress: 10.0.1.200, Primary: false }, { PrivateIpAddress: 10.0.1.100, Primary: true }], SourceDestCheck: false } }
`;
  it('explicit addresses are reserved; the others get the first free address after the five reserved ones, in template order', () => {
    const r = imp(T);
    expect(errors(r)).toEqual([]);
    const eni = (id: string) => r.network.networkInterfaces.find((e) => e.id === id);
    // 10.0.1.0-.3 reserved (ADDR-2); .4 is A's; B gets .5 and secondaries .6, .7; the NAT gateway .8.
    expect(eni('A.eth0')?.addresses).toEqual([{ private: '10.0.1.4' }]);
    expect(eni('A.eth0')?.assumed).toBeUndefined();
    expect(eni('B.eth0')?.addresses.map((a) => a.private)).toEqual(['10.0.1.5', '10.0.1.6', '10.0.1.7']);
    expect(eni('B.eth0')?.assumed).toEqual(['addresses']);
    expect(r.network.natGateways[0]).toMatchObject({
      privateIp: '10.0.1.8',
      publicIp: '198.18.0.1',
      assumed: ['privateIp', 'publicIp'],
    });
    // The address marked Primary comes first; SourceDestCheck false (ENI-1 off).
    expect(eni('Eni')).toMatchObject({
      addresses: [{ private: '10.0.1.100' }, { private: '10.0.1.200' }],
      sourceDestCheck: false,
      owner: 'other',
    });
  });

  it('--assume pins deploy-time values and they are no longer assumed', () => {
    const r = imp(T, {
      assume: { 'B.PrivateIp': '10.0.1.50', 'Eip.PublicIp': '203.0.113.60', 'Nat.PrivateIp': '10.0.1.9' },
    });
    const b = r.network.networkInterfaces.find((e) => e.id === 'B.eth0');
    expect(b?.addresses.map((a) => a.private)).toEqual(['10.0.1.50', '10.0.1.5', '10.0.1.6']);
    expect(r.network.natGateways[0]).toMatchObject({ privateIp: '10.0.1.9', publicIp: '203.0.113.60' });
    expect(r.network.natGateways[0]?.assumed).toEqual([]);
  });

  it('public IPs: EIP association and MapPublicIpOnLaunch, from 198.18.0.0/15 in order', () => {
    const r =
      imp(`${VPC}  Auto: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24, MapPublicIpOnLaunch: true } }
  Web: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref Pub } }
  Ip: { Type: AWS::EC2::EIP, Properties: { Domain: vpc } }
  Assoc: { Type: AWS::EC2::EIPAssociation, Properties: { AllocationId: !GetAtt Ip.AllocationId, InstanceId: !Ref Web } }
  Other: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref Auto } }
  Private: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref Pub } }
`);
    const pub = (id: string) => r.network.networkInterfaces.find((e) => e.id === id)?.addresses[0]?.public;
    expect(pub('Web.eth0')).toBe('198.18.0.1'); // the only EIP, numbered first
    expect(pub('Other.eth0')).toBe('198.18.0.2'); // IGW-2: auto-assigned public IPv4
    expect(pub('Private.eth0')).toBeUndefined();
    expect(r.network.subnets.find((s) => s.id === 'Auto')?.assumed).toEqual(['az']);
  });
});

describe('routes', () => {
  it('a firewall endpoint from Select/Split of GetAtt Firewall.EndpointIds is the route target (NFW-1)', () => {
    const T = `${VPC}  FwSub: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.9.0/28, AvailabilityZone: us-east-1a } }
  Policy: { Type: AWS::NetworkFirewall::FirewallPolicy, Properties: { FirewallPolicyName: p, FirewallPolicy: { StatelessDefaultActions: ["aws:forward_to_sfe"], StatelessFragmentDefaultActions: ["aws:forward_to_sfe"] } } }
  Fw: { Type: AWS::NetworkFirewall::Firewall, Properties: { FirewallName: fw, FirewallPolicyArn: !Ref Policy, VpcId: !Ref Vpc, SubnetMappings: [{ SubnetId: !Ref FwSub }] } }
  Rt: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc } }
  R: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, VpcEndpointId: !Select [1, !Split [":", !Select [0, !GetAtt Fw.EndpointIds]]] } }
`;
    const r = imp(T);
    expect(r.network.firewalls[0]?.endpoints).toMatchObject([
      { id: 'Fw@us-east-1a', subnet: 'FwSub', ip: '10.0.9.4' },
    ]);
    expect(r.network.routeTables[0]?.routes[0]?.target).toEqual({
      kind: 'firewall-endpoint',
      id: 'Fw@us-east-1a',
    });
    expect(r.network.firewallPolicies[0]).toMatchObject({
      ruleOrder: 'DEFAULT_ACTION_ORDER',
      statelessDefaultActions: ['aws:forward_to_sfe'],
    });
    const pinned = imp(T, { assume: { 'Fw.EndpointIds': 'us-east-1a:vpce-0123456789abcdef0' } });
    expect(pinned.network.routeTables[0]?.routes[0]?.target).toEqual({
      kind: 'firewall-endpoint',
      id: 'vpce-0123456789abcdef0',
    });
  });

  it('route target kinds, and caveats for targets vpcsim does not model', () => {
    const r = imp(`${VPC}  Igw: { Type: AWS::EC2::InternetGateway }
  Vgw: { Type: AWS::EC2::VPNGateway, Properties: { Type: ipsec.1 } }
  Att: { Type: AWS::EC2::VPCGatewayAttachment, Properties: { VpcId: !Ref Vpc, VpnGatewayId: !Ref Vgw } }
  Tgw: { Type: AWS::EC2::TransitGateway }
  Eigw: { Type: AWS::EC2::EgressOnlyInternetGateway, Properties: { VpcId: !Ref Vpc } }
  Pcx: { Type: AWS::EC2::VPCPeeringConnection, Properties: { VpcId: !Ref Vpc, PeerVpcId: vpc-0peer } }
  Host: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref Pub } }
  Rt: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc } }
  R1: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw } }
  R2: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 172.16.0.0/12, GatewayId: !Ref Vgw } }
  R3: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 10.8.0.0/16, TransitGatewayId: !Ref Tgw } }
  R4: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationIpv6CidrBlock: "::/0", EgressOnlyInternetGatewayId: !Ref Eigw } }
  R5: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 10.9.0.0/16, VpcPeeringConnectionId: !Ref Pcx } }
  R6: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 192.168.0.0/16, InstanceId: !Ref Host } }
  R7: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationPrefixListId: pl-123, NetworkInterfaceId: eni-0abc } }
  Cagw: { Type: AWS::EC2::CarrierGateway, Properties: { VpcId: !Ref Vpc } }
  R8: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 10.10.0.0/16, CarrierGatewayId: !Ref Cagw } }
`);
    const routes = r.network.routeTables[0]?.routes ?? [];
    expect(routes.map((x) => [x.destination ?? x.destinationPrefixList, x.target.kind, x.target.id])).toEqual(
      [
        ['0.0.0.0/0', 'internet-gateway', 'Igw'],
        ['172.16.0.0/12', 'virtual-private-gateway', 'Vgw'],
        ['10.8.0.0/16', 'transit-gateway', 'Tgw'],
        ['::/0', 'egress-only-internet-gateway', 'Eigw'],
        ['10.9.0.0/16', 'vpc-peering', 'Pcx'],
        ['192.168.0.0/16', 'instance', 'Host'],
        ['pl-123', 'network-interface', 'eni-0abc'],
        ['10.10.0.0/16', 'carrier-gateway', 'Cagw'],
      ],
    );
    // Transit gateways are modelled (issue 15); a carrier gateway (Wavelength) is not.
    expect(routes[2]?.caveat).toBeUndefined();
    expect(routes[7]?.caveat).toBe('target Cagw (AWS::EC2::CarrierGateway) is not modelled by vpcsim');
    // RT-3: an egress-only internet gateway is a kind vpcsim does not simulate yet — the route says so, as it does
    // from Terraform, describe-* and native YAML (the one route-target table, formats/build/route-targets.ts).
    expect(routes[3]?.caveat).toBe('target Eigw (egress-only-internet-gateway) is not modelled by vpcsim');
    expect(routes.filter((x) => x.caveat !== undefined)).toHaveLength(2);
    expect(r.network.virtualPrivateGateways[0]?.vpc).toBe('Vpc');
    expect(r.network.peerings[0]).toMatchObject({
      requesterVpc: 'Vpc',
      accepterVpc: 'vpc-0peer',
      state: 'active',
    });
    expect(r.network.unsupported.map((u) => u.type)).toEqual(['AWS::EC2::CarrierGateway']);
    expect(r.diagnostics.filter((d) => d.code === 'UNSUPPORTED_RESOURCE_TYPE').map(at)).toEqual([
      't.yaml:20:17',
    ]);
  });

  it('a Custom:: resource naming a route table marks its routes, and its local route when it names the VPC CIDR', () => {
    const r = imp(`Parameters:
  Cidr: { Type: String, Default: 10.0.0.0/16 }
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: !Ref Cidr } }
  Igw: { Type: AWS::EC2::InternetGateway }
  Rt: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc } }
  R: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw } }
  Fn: { Type: AWS::Lambda::Function, Properties: { Code: { ZipFile: "x" } } }
  Edit: { Type: Custom::ReplaceRoute, Properties: { ServiceToken: !GetAtt Fn.Arn, DestCidr: !Ref Cidr, VpceId: vpce-1, RtbId: !Ref Rt } }
`);
    const routes = r.network.routeTables[0]?.routes ?? [];
    const caveat =
      'route table Rt is modified at deploy time by Custom::ReplaceRoute Edit (not simulated); the path may differ';
    expect(routes.map((x) => [x.destination, x.target.kind, x.caveat])).toEqual([
      ['0.0.0.0/0', 'internet-gateway', caveat],
      ['10.0.0.0/16', 'local', caveat],
    ]);
    expect(r.network.unsupported.map((u) => [u.id, u.type])).toEqual([
      ['Fn', 'AWS::Lambda::Function'],
      ['Edit', 'Custom::ReplaceRoute'],
    ]);
  });

  it('resources whose Condition is false are not created', () => {
    const r = imp(`Parameters:
  Make: { Type: String, Default: "No", AllowedValues: ["Yes", "No"] }
Conditions:
  Yes: !Equals [!Ref Make, "Yes"]
${VPC.split('\n').slice(1).join('\n')}  Maybe: { Type: AWS::EC2::Subnet, Condition: Yes, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.5.0/24 } }
`);
    expect(r.network.subnets.map((s) => s.id)).toEqual(['Pub']);
    expect(
      imp(
        `Parameters:\n  Make: { Type: String, Default: "No" }\nConditions:\n  Yes: !Equals [!Ref Make, "Yes"]\n${VPC.split('\n').slice(1).join('\n')}  Maybe: { Type: AWS::EC2::Subnet, Condition: Yes, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.5.0/24 } }\n`,
        { params: { Make: 'Yes' } },
      ).network.subnets,
    ).toHaveLength(2);
  });
});

describe('instances: interfaces, source/destination check, OS configuration', () => {
  it('NAT instance: SourceDestCheck false and UserData iptables/sysctl (NATI-2, NATI-3), diagnostics positioned in the template', () => {
    const r = imp(`${VPC}  Nat:
    Type: AWS::EC2::Instance
    Properties:
      SubnetId: !Ref Pub
      PrivateIpAddress: 10.0.1.10
      SourceDestCheck: false
      UserData:
        Fn::Base64: !Sub |
          #!/bin/bash
          sysctl -w net.ipv4.ip_forward=1
          iptables -t nat -A POSTROUTING -o eth0 -s \${Vpc.CidrBlock} -j MASQUERADE
          iptables -t nat -A POSTROUTING --bogus-option -j MASQUERADE
`);
    const nat = r.network.instances[0];
    expect(nat?.os?.ipForward).toBe(true);
    const rules = nat?.os?.netfilter.tables.nat?.chains['POSTROUTING']?.rules ?? [];
    expect(rules[0]?.target.kind).toBe('MASQUERADE');
    expect(r.network.networkInterfaces[0]).toMatchObject({
      id: 'Nat.eth0',
      sourceDestCheck: false,
      addresses: [{ private: '10.0.1.10' }],
    });
    // The bad option is on the 4th line of the script, which is line 16 of the template.
    const bad = r.diagnostics.find((d) => d.span?.line === 16);
    expect(bad?.span?.file).toBe('t.yaml');
  });

  it('NetworkInterfaces on the instance and separately attached ENIs, in device-index order', () => {
    const r =
      imp(`${VPC}  Priv: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24 } }
  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: s, VpcId: !Ref Vpc } }
  Extra: { Type: AWS::EC2::NetworkInterface, Properties: { SubnetId: !Ref Priv, GroupSet: [!Ref Sg] } }
  App:
    Type: AWS::EC2::Instance
    Properties:
      NetworkInterfaces:
        - { DeviceIndex: "1", SubnetId: !Ref Priv, GroupSet: [!Ref Sg] }
        - { DeviceIndex: "0", SubnetId: !Ref Pub, AssociatePublicIpAddress: true, GroupSet: [!Ref Sg], PrivateIpAddress: 10.0.1.20 }
  Att: { Type: AWS::EC2::NetworkInterfaceAttachment, Properties: { InstanceId: !Ref App, NetworkInterfaceId: !Ref Extra, DeviceIndex: 2 } }
`);
    expect(r.network.instances[0]?.interfaces).toEqual(['App.eth0', 'App.eth1', 'Extra']);
    const eth0 = r.network.networkInterfaces.find((e) => e.id === 'App.eth0');
    expect(eth0?.addresses).toEqual([{ private: '10.0.1.20', public: '198.18.0.1' }]);
    expect(r.network.networkInterfaces.find((e) => e.id === 'Extra')).toMatchObject({
      instance: 'App',
      deviceIndex: 2,
      owner: 'instance',
    });
  });
});

describe('Client VPN and Network Firewall rule groups', () => {
  it('association adds a target network and the VPC-CIDR route (CVPN-2); no SG → default SG (CVPN-9); split tunnel off by default (CVPN-8)', () => {
    const r =
      imp(`${VPC}  Ep: { Type: AWS::EC2::ClientVpnEndpoint, Properties: { VpcId: !Ref Vpc, ClientCidrBlock: 172.31.0.0/22, ServerCertificateArn: arn, AuthenticationOptions: [{ Type: certificate-authentication }], ConnectionLogOptions: { Enabled: false } } }
  As: { Type: AWS::EC2::ClientVpnTargetNetworkAssociation, Properties: { ClientVpnEndpointId: !Ref Ep, SubnetId: !Ref Pub } }
  Au: { Type: AWS::EC2::ClientVpnAuthorizationRule, Properties: { ClientVpnEndpointId: !Ref Ep, TargetNetworkCidr: 10.0.1.0/24, AccessGroupId: engineering } }
`);
    const ep = r.network.clientVpnEndpoints[0];
    expect(ep).toMatchObject({
      clientCidr: '172.31.0.0/22',
      authentication: 'certificate',
      splitTunnel: false,
      securityGroups: ['Vpc.DefaultSecurityGroup'],
    });
    expect(ep?.targetNetworks).toMatchObject([{ id: 'As', subnet: 'Pub', eniIp: '10.0.1.4' }]);
    expect(ep?.routes.map((x) => [x.destination, x.targetSubnet])).toEqual([['10.0.0.0/16', 'Pub']]);
    expect(ep?.authorizationRules.map((x) => [x.destination, x.group])).toEqual([
      ['10.0.1.0/24', 'engineering'],
    ]);
    expect(r.network.vpnClients).toMatchObject([
      { id: 'Ep.Client', endpoint: 'Ep', tunnelIp: '172.31.0.2', assumed: ['tunnelIp'] },
    ]);
  });

  it('rule groups: domain list, 5-tuple and stateless rules, Suricata strings with template positions', () => {
    const r = imp(`Resources:
  Domains:
    Type: AWS::NetworkFirewall::RuleGroup
    Properties:
      Type: STATEFUL
      Capacity: 100
      RuleGroupName: d
      RuleGroup:
        RulesSource:
          RulesSourceList: { Targets: [.amazonaws.com, www.google.com], TargetTypes: [TLS_SNI, HTTP_HOST], GeneratedRulesType: ALLOWLIST }
        StatefulRuleOptions: { RuleOrder: STRICT_ORDER }
  Tuples:
    Type: AWS::NetworkFirewall::RuleGroup
    Properties:
      Type: STATEFUL
      Capacity: 10
      RuleGroupName: t
      RuleGroup:
        RulesSource:
          StatefulRules:
            - Action: DROP
              Header: { Protocol: UDP, Source: ANY, SourcePort: ANY, Direction: FORWARD, Destination: ANY, DestinationPort: "53" }
              RuleOptions: [{ Keyword: sid, Settings: ["5"] }]
  Stateless:
    Type: AWS::NetworkFirewall::RuleGroup
    Properties:
      Type: STATELESS
      Capacity: 10
      RuleGroupName: s
      RuleGroup:
        RulesSource:
          StatelessRulesAndCustomActions:
            StatelessRules:
              - Priority: 10
                RuleDefinition:
                  Actions: ["aws:drop"]
                  MatchAttributes: { Sources: [{ AddressDefinition: 0.0.0.0/0 }], Protocols: [6], DestinationPorts: [{ FromPort: 22, ToPort: 22 }] }
  Text:
    Type: AWS::NetworkFirewall::RuleGroup
    Properties:
      Type: STATEFUL
      Capacity: 10
      RuleGroupName: x
      RuleGroup:
        RulesSource:
          RulesString: |
            pass tls $HOME_NET any -> any any (tls.sni; content:"example.com"; sid:1;)
            this is not a rule
`);
    const g = (id: string) => r.network.ruleGroups.find((x) => x.id === id);
    expect(g('Domains')).toMatchObject({
      type: 'STATEFUL',
      capacity: 100,
      ruleOrder: 'STRICT_ORDER',
      domainList: {
        targets: ['.amazonaws.com', 'www.google.com'],
        targetTypes: ['TLS_SNI', 'HTTP_HOST'],
        generatedRulesType: 'ALLOWLIST',
      },
    });
    expect(g('Tuples')?.statefulRules).toMatchObject([
      { action: 'DROP', protocol: 'UDP', destinationPort: '53', direction: 'FORWARD', sid: 5 },
    ]);
    expect(g('Stateless')?.statelessRules).toMatchObject([
      {
        priority: 10,
        actions: ['aws:drop'],
        protocols: [6],
        sources: ['0.0.0.0/0'],
        destinationPorts: [{ from: 22, to: 22 }],
      },
    ]);
    expect(g('Text')?.suricataRules?.map((x) => x.sid)).toEqual([1]);
    // The broken line is line 2 of the RulesString, which starts on template line 47: line 48.
    const bad = r.diagnostics.find((d) => d.code.startsWith('SURICATA') && d.severity === 'error');
    expect(bad?.span?.line).toBe(48);
  });

  it('NFW-5/NFW-6: a stateless rule without Priority or Actions is refused as the API would, at the RuleGroup property (the reader every importer shares)', () => {
    const r = imp(`Resources:
  Stateless:
    Type: AWS::NetworkFirewall::RuleGroup
    Properties:
      Type: STATELESS
      Capacity: 10
      RuleGroup:
        RulesSource:
          StatelessRulesAndCustomActions:
            StatelessRules:
              - RuleDefinition:
                  Actions: []
                  MatchAttributes: { Protocols: [6] }
`);
    const shape = r.diagnostics.filter((d) => d.code === 'FIREWALL_API_SHAPE');
    expect(shape.map((d) => [d.severity, d.ref, d.span?.line])).toEqual([
      // At the RuleGroup property's value (line 8), where the API's validation error points.
      ['error', 'NFW-5', 8],
      ['error', 'NFW-6', 8],
    ]);
    // Without a priority the rule cannot be placed: no rule is modelled (before, it was silently priority 0).
    expect(r.network.ruleGroups.find((g) => g.id === 'Stateless')?.statelessRules).toEqual([]);
  });
});

describe('Metadata expectations', () => {
  it('reads Metadata.vpcsim.expect with the model keys, and reports invalid items', () => {
    const r = imp(`Metadata:
  vpcsim:
    expect:
      - name: app reaches google
        from: App
        to: 142.250.196.100
        protocol: tcp
        port: 443
        sni: www.google.com
        verdict: reachable
        hops: [PrivateRouteTable, Fw]
      - { from: App, to: 1.1.1.1, verdict: maybe }
${VPC.split('\n').slice(1).join('\n')}`);
    expect(r.expectations).toMatchObject([
      {
        name: 'app reaches google',
        flow: { from: 'App', to: '142.250.196.100', protocol: 'tcp', port: 443, sni: 'www.google.com' },
        verdict: 'reachable',
        hops: ['PrivateRouteTable', 'Fw'],
        span: { file: 't.yaml', line: 4, col: 9 },
      },
    ]);
    expect(errors(r).map((d) => [d.code, at(d)])).toEqual([['VPCSIM_EXPECT_INVALID', 't.yaml:12:9']]);
  });
});
