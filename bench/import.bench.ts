/**
 * Terraform and describe-* import benchmark (issue 7): generate, deterministically, a 5,000-resource
 * `terraform show -json` plan (50 VPCs × 100 resources: VPC, IGW, subnets, route tables with inline routes,
 * associations, EIP + NAT gateway, security groups with inline rules and separate rules, NACL rules, instances with
 * unknown ids reconnected through configuration references) and a 5,000-resource describe-* folder of the same
 * shape, then time `importTerraform` and `importDescribe` (CPU time, median of several runs after a warm-up). Target: under
 * 2 s each. A 1,000-resource HCL configuration is timed too (HCL goes through the WASM parser; reported, no target).
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importDescribe } from '../src/formats/describe/index.js';
import { importTerraform } from '../src/formats/terraform/index.js';

/** CPU seconds of this process since `t0` (all its threads: a busy machine does not inflate it, unlike wall time). */
function cpuSeconds(t0: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
}

const VPCS = 50;
const RUNS = 5;

type Obj = Record<string, unknown>;

/** A plan JSON with VPCS × 100 resources. */
export function planJson(vpcs = VPCS): string {
  const resources: Obj[] = [];
  const changes: Obj[] = [];
  const config: Obj[] = [];
  const add = (
    address: string,
    type: string,
    values: Obj,
    unknown: Obj,
    refs: Record<string, string[]> = {},
  ) => {
    const m = /^([\w]+)\.([\w]+)(\[\d+\])?$/.exec(address);
    resources.push({ address, mode: 'managed', type, name: m?.[2] ?? '', values });
    changes.push({
      address,
      change: { actions: ['create'], after: values, after_unknown: { id: true, ...unknown } },
    });
    const cfgAddr = address.replace(/\[\d+\]$/, '');
    if (!config.some((c) => c['address'] === cfgAddr))
      config.push({
        address: cfgAddr,
        type,
        expressions: Object.fromEntries(Object.entries(refs).map(([k, r]) => [k, { references: r }])),
      });
  };
  for (let v = 0; v < vpcs; v++) {
    const p = `v${v}`;
    add(`aws_vpc.${p}`, 'aws_vpc', { cidr_block: `10.${v + 1}.0.0/16` }, {});
    add(
      `aws_internet_gateway.${p}`,
      'aws_internet_gateway',
      {},
      { vpc_id: true },
      { vpc_id: [`aws_vpc.${p}.id`] },
    );
    add(`aws_eip.${p}`, 'aws_eip', { domain: 'vpc' }, { public_ip: true });
    for (let s = 0; s < 8; s++) {
      add(
        `aws_subnet.${p}[${s}]`,
        'aws_subnet',
        { cidr_block: `10.${v + 1}.${s}.0/24` },
        { vpc_id: true },
        { vpc_id: [`aws_vpc.${p}.id`] },
      );
      add(
        `aws_route_table.${p}[${s}]`,
        'aws_route_table',
        { route: [{ cidr_block: '0.0.0.0/0' }] },
        { vpc_id: true, route: [{ gateway_id: s < 2, nat_gateway_id: s >= 2 }] },
        {
          vpc_id: [`aws_vpc.${p}.id`],
        },
      );
      add(
        `aws_route_table_association.${p}[${s}]`,
        'aws_route_table_association',
        {},
        { subnet_id: true, route_table_id: true },
        {
          subnet_id: [`aws_subnet.${p}`, 'count.index'],
          route_table_id: [`aws_route_table.${p}`, 'count.index'],
        },
      );
    }
    add(
      `aws_nat_gateway.${p}`,
      'aws_nat_gateway',
      {},
      { subnet_id: true, allocation_id: true, private_ip: true },
      {
        subnet_id: [`aws_subnet.${p}[0].id`],
        allocation_id: [`aws_eip.${p}.id`],
      },
    );
    add(
      `aws_network_acl.${p}`,
      'aws_network_acl',
      {
        ingress: [
          {
            rule_no: 100,
            action: 'allow',
            protocol: '-1',
            from_port: 0,
            to_port: 0,
            cidr_block: '0.0.0.0/0',
          },
        ],
      },
      { vpc_id: true },
      { vpc_id: [`aws_vpc.${p}.id`] },
    );
    for (let g = 0; g < 10; g++) {
      add(
        `aws_security_group.${p}[${g}]`,
        'aws_security_group',
        {
          ingress: [
            {
              protocol: 'tcp',
              from_port: 1000 + g,
              to_port: 1000 + g,
              cidr_blocks: ['10.0.0.0/8'],
              ipv6_cidr_blocks: [],
              prefix_list_ids: [],
              security_groups: [],
              self: false,
            },
          ],
          egress: [{ protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'] }],
        },
        { vpc_id: true },
        { vpc_id: [`aws_vpc.${p}.id`] },
      );
      add(
        `aws_security_group_rule.${p}[${g}]`,
        'aws_security_group_rule',
        { type: 'ingress', protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['192.0.2.0/24'] },
        { security_group_id: true },
        {
          security_group_id: [`aws_security_group.${p}`, 'count.index'],
        },
      );
      add(
        `aws_network_acl_rule.${p}[${g}]`,
        'aws_network_acl_rule',
        {
          rule_number: 200 + g,
          egress: g % 2 === 0,
          protocol: 'tcp',
          rule_action: 'allow',
          cidr_block: '0.0.0.0/0',
          from_port: g * 100,
          to_port: g * 100 + 99,
        },
        { network_acl_id: true },
        {
          network_acl_id: [`aws_network_acl.${p}.id`],
        },
      );
    }
    for (let i = 0; i < 45; i++) {
      add(
        `aws_instance.${p}[${i}]`,
        'aws_instance',
        { ami: 'ami-1', instance_type: 't3.micro' },
        { subnet_id: true, vpc_security_group_ids: true, private_ip: true },
        {
          subnet_id: [`aws_subnet.${p}[${i % 8}].id`],
          vpc_security_group_ids: [`aws_security_group.${p}[${i % 10}].id`],
        },
      );
    }
  }
  // Route targets: IGW for the two public tables, NAT for the rest.
  for (const c of config)
    if (c['type'] === 'aws_route_table') {
      const p = String(c['address']).split('.')[1];
      c['expressions'] = {
        ...(c['expressions'] as Obj),
        route: [
          {
            gateway_id: { references: [`aws_internet_gateway.${p}.id`] },
            nat_gateway_id: { references: [`aws_nat_gateway.${p}.id`] },
          },
        ],
      };
    }
  return JSON.stringify({
    format_version: '1.2',
    planned_values: { root_module: { resources } },
    resource_changes: changes,
    configuration: { root_module: { resources: config } },
  });
}

/** A describe-* folder with VPCS × 100 resources. */
export function describeFolder(vpcs = VPCS): string {
  const dir = mkdtempSync(join(tmpdir(), 'vpcsim-bench-describe-'));
  const acc = join(dir, 'aws_configs', 'us-east-1');
  mkdirSync(acc, { recursive: true });
  const out: Record<string, Obj[]> = {
    Vpcs: [],
    Subnets: [],
    RouteTables: [],
    InternetGateways: [],
    NatGateways: [],
    SecurityGroups: [],
    NetworkAcls: [],
    Reservations: [],
    NetworkInterfaces: [],
  };
  const hex = (n: number) => n.toString(16).padStart(17, '0');
  let k = 0;
  const id = (pfx: string) => `${pfx}-${hex(++k)}`;
  for (let v = 0; v < vpcs; v++) {
    const vpc = id('vpc');
    const igw = id('igw');
    const nat = id('nat');
    out['Vpcs']?.push({
      VpcId: vpc,
      CidrBlock: `10.${v + 1}.0.0/16`,
      CidrBlockAssociationSet: [{ CidrBlock: `10.${v + 1}.0.0/16`, CidrBlockState: { State: 'associated' } }],
    });
    out['InternetGateways']?.push({
      InternetGatewayId: igw,
      Attachments: [{ State: 'available', VpcId: vpc }],
    });
    const subnets: string[] = [];
    for (let s = 0; s < 16; s++) {
      const sn = id('subnet');
      subnets.push(sn);
      out['Subnets']?.push({
        SubnetId: sn,
        VpcId: vpc,
        CidrBlock: `10.${v + 1}.${s}.0/24`,
        AvailabilityZone: 'us-east-1a',
      });
      const rt = id('rtb');
      out['RouteTables']?.push({
        RouteTableId: rt,
        VpcId: vpc,
        Associations: [{ RouteTableId: rt, SubnetId: sn, Main: false }],
        Routes: [
          { DestinationCidrBlock: `10.${v + 1}.0.0/16`, GatewayId: 'local', State: 'active' },
          s < 2
            ? { DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw, State: 'active' }
            : { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat, State: 'active' },
        ],
      });
    }
    out['NatGateways']?.push({
      NatGatewayId: nat,
      SubnetId: subnets[0],
      VpcId: vpc,
      State: 'available',
      NatGatewayAddresses: [{ PrivateIp: `10.${v + 1}.0.5`, PublicIp: `198.18.${v}.1` }],
    });
    const sgs: string[] = [];
    for (let g = 0; g < 10; g++) {
      const sg = id('sg');
      sgs.push(sg);
      out['SecurityGroups']?.push({
        GroupId: sg,
        GroupName: `g${g}`,
        VpcId: vpc,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 1000 + g,
            ToPort: 1000 + g,
            IpRanges: [{ CidrIp: '10.0.0.0/8' }],
            UserIdGroupPairs: [{ GroupId: sgs[0] }],
          },
        ],
        IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      });
    }
    out['NetworkAcls']?.push({
      NetworkAclId: id('acl'),
      VpcId: vpc,
      IsDefault: true,
      Associations: subnets.map((s) => ({ SubnetId: s })),
      Entries: Array.from({ length: 10 }, (_, e) => ({
        RuleNumber: 100 + e,
        Egress: e % 2 === 0,
        Protocol: '6',
        RuleAction: 'allow',
        CidrBlock: '0.0.0.0/0',
        PortRange: { From: e * 100, To: e * 100 + 99 },
      })),
    });
    const instances: Obj[] = [];
    for (let i = 0; i < 28; i++) {
      const eni = id('eni');
      const ip = `10.${v + 1}.${i % 16}.${10 + i}`;
      const ni = {
        NetworkInterfaceId: eni,
        SubnetId: subnets[i % 16],
        PrivateIpAddress: ip,
        PrivateIpAddresses: [{ PrivateIpAddress: ip, Primary: true }],
        Groups: [{ GroupId: sgs[i % 10] }],
        SourceDestCheck: true,
        Attachment: { DeviceIndex: 0 },
      };
      instances.push({
        InstanceId: id('i'),
        State: { Name: 'running' },
        SubnetId: subnets[i % 16],
        NetworkInterfaces: [ni],
      });
      out['NetworkInterfaces']?.push({ ...ni, InterfaceType: 'interface' });
    }
    out['Reservations']?.push({ Instances: instances });
  }
  for (const [key, list] of Object.entries(out))
    writeFileSync(join(acc, `${key}.json`), JSON.stringify({ [key]: list }, null, 1));
  return dir;
}

/** A 1,000-resource HCL configuration (10 VPCs × 100). */
function hclFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vpcsim-bench-hcl-'));
  const parts: string[] = [];
  for (let v = 0; v < 10; v++) {
    const p = `v${v}`;
    parts.push(`resource "aws_vpc" "${p}" {\n  cidr_block = "10.${v + 1}.0.0/16"\n}\n`);
    for (let s = 0; s < 20; s++)
      parts.push(
        `resource "aws_subnet" "${p}_${s}" {\n  vpc_id     = aws_vpc.${p}.id\n  cidr_block = cidrsubnet(aws_vpc.${p}.cidr_block, 8, ${s})\n}\n`,
      );
    for (let g = 0; g < 19; g++)
      parts.push(
        `resource "aws_security_group" "${p}_${g}" {\n  vpc_id = aws_vpc.${p}.id\n  ingress {\n    protocol    = "tcp"\n    from_port   = ${1000 + g}\n    to_port     = ${1000 + g}\n    cidr_blocks = ["10.0.0.0/8"]\n  }\n}\n`,
      );
    for (let i = 0; i < 60; i++)
      parts.push(
        `resource "aws_instance" "${p}_${i}" {\n  ami                    = "ami-1"\n  subnet_id              = aws_subnet.${p}_${i % 20}.id\n  vpc_security_group_ids = [aws_security_group.${p}_${i % 19}.id]\n}\n`,
      );
  }
  writeFileSync(join(dir, 'main.tf'), parts.join('\n'));
  return dir;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

async function time(
  run: () => Promise<{ diagnostics: readonly { severity: string }[] }>,
  runs = RUNS,
): Promise<number> {
  await run(); // warm-up
  const xs: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = process.cpuUsage();
    const r = await run();
    xs.push(cpuSeconds(t0));
    if (r.diagnostics.some((d) => d.severity === 'error')) throw new Error('bench input has errors');
  }
  return median(xs);
}

/** Results for `npm run bench`. */
export async function benchImport(): Promise<{ name: string; value: number; unit: string }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vpcsim-bench-plan-'));
  const plan = join(dir, 'plan.json');
  writeFileSync(plan, planJson());
  const tPlan = await time(() => importTerraform([plan], {}));
  const desc = describeFolder();
  const tDesc = await time(() => importDescribe(desc, {}));
  const hcl = hclFolder();
  const tHcl = await time(() => importTerraform([hcl], {}), 3);
  return [
    {
      name: `import a 5,000-resource Terraform plan JSON (CPU, median of ${RUNS})`,
      value: Number(tPlan.toFixed(3)),
      unit: 's',
    },
    {
      name: `import a 5,000-resource describe-* folder (CPU, median of ${RUNS})`,
      value: Number(tDesc.toFixed(3)),
      unit: 's',
    },
    {
      name: 'import a 1,000-resource HCL configuration (CPU, median of 3; no target)',
      value: Number(tHcl.toFixed(3)),
      unit: 's',
    },
  ];
}
