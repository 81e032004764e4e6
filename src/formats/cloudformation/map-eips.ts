/**
 * CloudFormation mappers of Elastic IPs: AWS::EC2::EIP (with InstanceId) and AWS::EC2::EIPAssociation (to an
 * instance's primary interface or a network interface, at a private address or the primary one, IGW-2).
 *
 * Every declared Elastic IP is listed in the network, so one whose owner is not in the templates is never taken for
 * an internet host (issue 13 §6). Its address is pinned (`--assume Eip.PublicIp=…`) or a placeholder from
 * 198.18.0.0/15 (deploy-values.ts); a placeholder marks only the public address of the interface as assumed.
 */
import { warning } from '../../diag/diagnostic.js';
import { propSpan, referenceNotFound, type ImportContext } from './context.js';
import type { CfnMapper } from './mapper.js';
import { propString } from './props.js';

/** Give an interface's address (`privateIp`, else its primary) the public IP; false when there is no such ENI. */
function setPublic(
  ctx: ImportContext,
  eniId: string | undefined,
  privateIp: string | undefined,
  publicIp: string,
  assumed: boolean,
): boolean {
  const eni = ctx.b.get('networkInterfaces', eniId);
  if (!eni) return false;
  let i = privateIp === undefined ? 0 : eni.addresses.findIndex((a) => a.private === privateIp);
  if (i < 0) i = 0;
  const a = eni.addresses[i];
  if (!a) return false;
  eni.addresses[i] = { private: a.private, public: publicIp };
  // Only the public address is a placeholder here; the private one keeps its own mark.
  if (assumed && !(eni.assumed ?? []).includes('addresses.public'))
    eni.assumed = [...(eni.assumed ?? []), 'addresses.public'];
  return true;
}

const eip: CfnMapper = {
  attach(ctx, r) {
    const inst = propString(ctx, r, 'InstanceId');
    const a = ctx.deploy.eipAddress(r);
    let unresolved: string | undefined;
    if (inst !== undefined) {
      const primary = ctx.b.get('instances', inst)?.interfaces[0];
      if (!setPublic(ctx, primary, undefined, a.ip, a.assumed)) {
        unresolved = `its InstanceId ${inst} is not defined in the loaded templates`;
        referenceNotFound(ctx, r, 'instance', inst, 'InstanceId');
      }
    }
    ctx.b.add('elasticIps', {
      id: r.id,
      publicIp: a.ip,
      span: propSpan(ctx, r),
      ...(a.assumed ? { assumed: ['publicIp'] } : {}),
      ...(unresolved !== undefined ? { unresolved } : {}),
    });
  },
};

const eipAssociation: CfnMapper = {
  attach(ctx, r) {
    const allocId = propString(ctx, r, 'AllocationId');
    const eipText = propString(ctx, r, 'EIP');
    let ip: { ip: string; assumed: boolean } | undefined;
    const eipRes = allocId !== undefined ? ctx.resource(allocId) : undefined;
    if (eipRes?.decl.type === 'AWS::EC2::EIP') ip = ctx.deploy.eipAddress(eipRes);
    else if (eipText !== undefined) ip = { ip: eipText, assumed: false };
    else if (allocId !== undefined) ip = { ip: ctx.deploy.publicIp(`alloc:${allocId}`), assumed: true };
    if (!ip) return;
    const inst = propString(ctx, r, 'InstanceId');
    const eniId =
      propString(ctx, r, 'NetworkInterfaceId') ??
      (inst !== undefined ? ctx.b.get('instances', inst)?.interfaces[0] : undefined);
    if (!setPublic(ctx, eniId, propString(ctx, r, 'PrivateIpAddress'), ip.ip, ip.assumed)) {
      ctx.diags.push(
        warning(
          'REFERENCE_NOT_FOUND',
          `${r.decl.logicalId}: the instance or network interface it associates with is not defined in the loaded templates`,
          propSpan(ctx, r),
          { resource: r.id },
        ),
      );
    }
  },
};

export const EIP_MAPPERS: Readonly<Record<string, CfnMapper>> = {
  'AWS::EC2::EIP': eip,
  'AWS::EC2::EIPAssociation': eipAssociation,
};
