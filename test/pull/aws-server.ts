/**
 * A local stand-in for AWS on 127.0.0.1, for `vpcsim pull` tests: it answers the EC2 Query protocol (form-encoded
 * `Action=DescribeVpcs&Version=2016-11-15`, XML responses), Auto Scaling's Query protocol (Version=2011-01-01),
 * Elastic Load Balancing's (v2: 2015-12-01, Classic: 2012-06-01, recorded under `elbv2/` and `elb/`),
 * the STS Query protocol (GetCallerIdentity, AssumeRole)
 * and the JSON 1.0 protocol of Network Firewall (`X-Amz-Target: NetworkFirewall_20201112.ListFirewalls`), with
 * responses recorded as files written from the AWS API reference (test/pull/fixtures/aws).
 *
 * Lookup: `<fixtures>/<account>/<region>/<service>/<Action>[.<subject>][.<NextToken>].xml|json`, where the account
 * comes from the request's access key (SigV4 `Credential=`), the Region and service from its credential scope, the
 * subject is the value of the request's `…Id`/`…Arn` parameter (an ARN by its last path segment), and then
 * `<fixtures>/empty/<service>/<Action>.*` — an account or Region with nothing in it. A request with no recording is
 * an error response (`NoRecording`), so a test cannot pass on a call it did not expect. Every request is logged;
 * `throttle` makes the first N requests of an action fail with the service's throttling error, `deny` answers
 * access denied.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface AwsRequestLog {
  readonly service: string;
  readonly action: string;
  readonly params: Record<string, unknown>;
  readonly accessKey: string;
  readonly region: string;
}

export interface AwsServerOptions {
  readonly fixtures: string;
  /** Access key id → account id (the keys the tests' credentials use). */
  readonly keys: Readonly<Record<string, string>>;
  /** Action → how many of its first requests are throttled. */
  readonly throttle?: Readonly<Record<string, number>>;
  /** Actions answered with access denied. */
  readonly deny?: readonly string[];
}

export interface AwsServer {
  readonly url: string;
  readonly requests: AwsRequestLog[];
  close(): Promise<void>;
}

const VERSIONS: Readonly<Record<string, string>> = {
  '2016-11-15': 'ec2',
  '2011-06-15': 'sts',
  '2011-01-01': 'autoscaling',
  // Elastic Load Balancing signs both APIs as `elasticloadbalancing`; the version tells them apart.
  '2015-12-01': 'elbv2',
  '2012-06-01': 'elb',
};

function scope(req: IncomingMessage): { accessKey: string; region: string; service: string } {
  const m = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? '');
  return { accessKey: m?.[1] ?? '', region: m?.[2] ?? '', service: m?.[3] ?? '' };
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The value naming what a per-item request is about (ClientVpnEndpointId, FirewallArn …), shortened. */
function subjectOf(params: Record<string, unknown>): string | undefined {
  for (const [k, v] of Object.entries(params))
    if (/(Id|Arn)$/.test(k) && typeof v === 'string')
      return v.includes('/') ? v.slice(v.lastIndexOf('/') + 1) : v;
  return undefined;
}

const xmlError = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>00000000-0000-4000-8000-000000000000</RequestID></Response>`;

const stsError = (code: string, message: string) =>
  `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ErrorResponse>`;

function stsAnswer(
  action: string,
  params: Record<string, unknown>,
  account: string | undefined,
): string | undefined {
  const meta =
    '<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>';
  if (action === 'GetCallerIdentity' && account !== undefined)
    return `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${account}:user/vpcsim-test</Arn><UserId>AIDA${account}EXAMPLE</UserId><Account>${account}</Account></GetCallerIdentityResult>${meta}</GetCallerIdentityResponse>`;
  const role = typeof params['RoleArn'] === 'string' ? params['RoleArn'] : '';
  const m = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(role);
  if (action === 'AssumeRole' && m) {
    const expires = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    return `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><AssumedRoleUser><Arn>arn:aws:sts::${m[1]}:assumed-role/${m[2]}/${String(params['RoleSessionName'])}</Arn><AssumedRoleId>AROA${m[1]}:${String(params['RoleSessionName'])}</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>ASIA${m[1]}</AccessKeyId><SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey><SessionToken>FwoGZXIvYXdzEXAMPLE</SessionToken><Expiration>${expires}</Expiration></Credentials><PackedPolicySize>6</PackedPolicySize></AssumeRoleResult>${meta}</AssumeRoleResponse>`;
  }
  return undefined;
}

async function firstFile(paths: readonly string[]): Promise<string | undefined> {
  for (const p of paths) {
    try {
      return await readFile(p, 'utf8');
    } catch {
      // next candidate
    }
  }
  return undefined;
}

/** Start the server on a free port of 127.0.0.1. */
export async function startAwsServer(o: AwsServerOptions): Promise<AwsServer> {
  const requests: AwsRequestLog[] = [];
  const seen = new Map<string, number>();
  // Assumed-role keys (ASIA<account>) belong to the role's account.
  const accountOf = (key: string): string | undefined => o.keys[key] ?? /^ASIA(\d{12})$/.exec(key)?.[1];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const text = await body(req);
    const sc = scope(req);
    const target = req.headers['x-amz-target'];
    let service: string;
    let action: string;
    let params: Record<string, unknown>;
    if (typeof target === 'string') {
      service = sc.service;
      action = target.slice(target.indexOf('.') + 1);
      params = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } else {
      const form = new URLSearchParams(text);
      params = Object.fromEntries([...form.entries()].filter(([k]) => k !== 'Action' && k !== 'Version'));
      action = form.get('Action') ?? '';
      service = VERSIONS[form.get('Version') ?? ''] ?? sc.service;
    }
    const account = accountOf(sc.accessKey);
    requests.push({ service, action, params, accessKey: sc.accessKey, region: sc.region });
    const json = typeof target === 'string';
    const send = (status: number, payload: string, errorType?: string) => {
      res.writeHead(status, {
        'content-type': json ? 'application/x-amz-json-1.0' : 'text/xml;charset=UTF-8',
        'x-amzn-requestid': '00000000-0000-4000-8000-000000000000',
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      });
      res.end(payload);
    };
    const fail = (status: number, code: string, message: string): void => {
      if (json) send(status, JSON.stringify({ __type: code, message }), code);
      else send(status, service === 'sts' ? stsError(code, message) : xmlError(code, message));
    };

    const n = (seen.get(action) ?? 0) + 1;
    seen.set(action, n);
    if (n <= (o.throttle?.[action] ?? 0)) {
      if (json) fail(400, 'ThrottlingException', 'Rate exceeded');
      else fail(503, 'RequestLimitExceeded', 'Request limit exceeded.');
      return;
    }
    if (o.deny?.includes(action)) {
      if (json) fail(400, 'AccessDeniedException', `not authorized to perform ${service}:${action}`);
      else fail(403, 'UnauthorizedOperation', 'You are not authorized to perform this operation.');
      return;
    }
    if (service === 'sts') {
      const answer = stsAnswer(action, params, account);
      if (answer) send(200, answer);
      else fail(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
      return;
    }
    if (account === undefined) {
      fail(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials');
      return;
    }
    const subject = subjectOf(params);
    const token = typeof params['NextToken'] === 'string' ? params['NextToken'] : undefined;
    const ext = json ? 'json' : 'xml';
    const name = [action, subject, token].filter((x) => x !== undefined).join('.') + `.${ext}`;
    const candidates = [join(o.fixtures, account, sc.region, service, name)];
    if (subject === undefined && token === undefined)
      candidates.push(join(o.fixtures, 'empty', service, name));
    const recorded = await firstFile(candidates);
    if (recorded === undefined) {
      fail(400, 'NoRecording', `no recording for ${account} ${sc.region} ${service} ${name}`);
      return;
    }
    send(200, recorded);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
