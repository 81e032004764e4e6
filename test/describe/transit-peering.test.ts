/**
 * describe-transit-gateway-peering-attachments (TGW-14): one peering between two transit gateways in two Regions,
 * listed by each Region's describe call. Both sides are modelled once each — the requester's gateway under the
 * attachment id, the accepter's as `<id>@<its gateway>` — and a static route of the accepter's table that names the
 * attachment id is read as its own side. Expected values follow from the JSON below and TGW-14.
 */
import { describe, expect, it } from 'vitest';
import { importDescribe } from '../../src/formats/describe/index.js';
import { errorsOf, writeTree } from '../terraform/helpers.js';

const json = (o: unknown): string => JSON.stringify(o, null, 1);
const PEERING = {
  TransitGatewayAttachmentId: 'tgw-attach-peer',
  RequesterTgwInfo: { TransitGatewayId: 'tgw-east', OwnerId: '111122223333', Region: 'us-east-1' },
  AccepterTgwInfo: { TransitGatewayId: 'tgw-west', OwnerId: '444455556666', Region: 'us-west-2' },
  State: 'available',
};
const gateway = (id: string, rtb: string) => ({
  TransitGateways: [
    {
      TransitGatewayId: id,
      State: 'available',
      Options: { AssociationDefaultRouteTableId: rtb, PropagationDefaultRouteTableId: rtb },
    },
  ],
});
const table = (id: string, tgw: string) => ({
  TransitGatewayRouteTables: [{ TransitGatewayRouteTableId: id, TransitGatewayId: tgw, State: 'available' }],
});

describe('transit gateway peering from describe-* (TGW-14)', () => {
  it('both sides of a peering listed in both Regions: one attachment per gateway, routes name their own side', async () => {
    const dir = writeTree({
      'us-east-1/TransitGateways.json': json(gateway('tgw-east', 'tgw-rtb-east')),
      'us-east-1/TransitGatewayPeeringAttachments.json': json({
        TransitGatewayPeeringAttachments: [PEERING],
      }),
      'us-east-1/TransitGatewayRouteTables.json': json(table('tgw-rtb-east', 'tgw-east')),
      'us-west-2/TransitGateways.json': json(gateway('tgw-west', 'tgw-rtb-west')),
      'us-west-2/TransitGatewayPeeringAttachments.json': json({
        TransitGatewayPeeringAttachments: [PEERING],
      }),
      'us-west-2/TransitGatewayRouteTables.json': json(table('tgw-rtb-west', 'tgw-west')),
      // TGW-14: static routes only; the west table sends 10.1.0.0/16 back over the peering.
      'us-west-2/TransitGatewayStaticRoutes.json': json({
        TransitGatewayStaticRoutes: [
          {
            TransitGatewayRouteTableId: 'tgw-rtb-west',
            Routes: [
              {
                DestinationCidrBlock: '10.1.0.0/16',
                TransitGatewayAttachments: [{ TransitGatewayAttachmentId: 'tgw-attach-peer' }],
                Type: 'static',
                State: 'active',
              },
              // Being deleted: carries nothing and is skipped.
              { DestinationCidrBlock: '10.9.0.0/16', Type: 'static', State: 'deleting' },
            ],
          },
        ],
      }),
    });
    const r = await importDescribe(dir, {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expect(r.network.unsupported).toEqual([]);
    expect(
      (r.network.transitGatewayAttachments ?? []).map((a) => [
        a.id,
        a.transitGateway,
        a.kind,
        a.peerTransitGateway,
        a.accountId,
      ]),
    ).toEqual([
      ['tgw-attach-peer', 'tgw-east', 'peering', 'tgw-west', '111122223333'],
      ['tgw-attach-peer@tgw-west', 'tgw-west', 'peering', 'tgw-east', '444455556666'],
    ]);
    const west = (r.network.transitGatewayRouteTables ?? []).find((t) => t.id === 'tgw-rtb-west');
    expect(west?.routes.map((x) => [x.destination, x.attachment])).toEqual([
      ['10.1.0.0/16', 'tgw-attach-peer@tgw-west'],
    ]);
  });

  it('a side TransitGatewayAttachments already lists is not added again; the other side is', async () => {
    const dir = writeTree({
      'TransitGateways.json': json({
        TransitGateways: [
          ...gateway('tgw-east', 'x').TransitGateways,
          ...gateway('tgw-west', 'y').TransitGateways,
        ],
      }),
      'TransitGatewayAttachments.json': json({
        TransitGatewayAttachments: [
          {
            TransitGatewayAttachmentId: 'tgw-attach-peer',
            TransitGatewayId: 'tgw-west',
            ResourceType: 'peering',
            ResourceId: 'tgw-east',
            State: 'available',
          },
        ],
      }),
      'TransitGatewayPeeringAttachments.json': json({ TransitGatewayPeeringAttachments: [PEERING] }),
    });
    const r = await importDescribe(dir, { region: 'us-east-1' });
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expect(
      (r.network.transitGatewayAttachments ?? []).map((a) => [a.id, a.transitGateway, a.peerTransitGateway]),
    ).toEqual([
      ['tgw-attach-peer', 'tgw-west', 'tgw-east'],
      ['tgw-attach-peer@tgw-east', 'tgw-east', 'tgw-west'],
    ]);
  });
});
