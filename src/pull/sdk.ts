/**
 * The AWS SDK for JavaScript v3, loaded only when `vpcsim pull` runs (optional dependencies: nothing else in vpcsim
 * imports it, so `vpcsim trace` never pays for it and an install without it still works).
 *
 * Model: `loadAwsSdk` imports the credential providers and, on first use, each service's client package named in
 * calls.ts `SERVICES`; `session.sender(credentials, region)` is the `Send` of region.ts over real SDK clients. Every
 * client carries an initialize-step middleware that refuses any command whose operation is not read-only
 * (`isReadOnlyOperation`) before a request is signed or sent — the second guard beside the table's own test. The
 * SDK's retries are off (`maxAttempts: 1`): retry.ts is the one retry loop. Credentials come from the standard chain
 * (environment, SSO, shared config and credentials files with `--profile`, web identity, container and instance
 * roles); `assumeRole` wraps them in STS AssumeRole for `--role-arn` (the one call that is not a Describe/List/Get:
 * it creates no resource, only temporary credentials). `endpoint` points every client (STS included) at another
 * URL — a local test server, LocalStack.
 */
import { isReadOnlyOperation, SERVICES, type ServiceName } from './calls.js';
import type { ApiObject, Send } from './region.js';

/** What the SDK's credential providers resolve to (the part vpcsim reads). */
interface Identity {
  readonly accessKeyId: string;
  readonly expiration?: Date | undefined;
}
/**
 * A credentials provider as the SDK takes it. Declared here rather than imported from the SDK's types, so vpcsim
 * typechecks (and builds) without the optional SDK packages installed.
 */
export type Credentials = (options?: unknown) => Promise<Identity>;

/** The two providers of @aws-sdk/credential-providers vpcsim uses. */
interface CredentialProviders {
  fromNodeProviderChain(init: { profile?: string }): Credentials;
  fromTemporaryCredentials(init: {
    masterCredentials: Credentials;
    params: { RoleArn: string; RoleSessionName: string };
    clientConfig: Record<string, unknown>;
  }): Credentials;
}

type Middleware = (
  next: (args: unknown) => Promise<unknown>,
  context: { commandName?: string },
) => (args: unknown) => Promise<unknown>;

/** The part of an SDK v3 client vpcsim uses. */
interface SdkClient {
  send(command: object): Promise<ApiObject>;
  middlewareStack: { add(mw: Middleware, options: { step: 'initialize'; name: string }): void };
  config: { region: () => Promise<string> };
  destroy(): void;
}
type ClientClass = new (config: Record<string, unknown>) => SdkClient;
type CommandClass = new (input: ApiObject) => object;

export interface AwsSession {
  /** Credentials from the standard chain (or the named profile). */
  baseCredentials(profile?: string): Credentials;
  /** Temporary credentials of `roleArn`, assumed with `base`. */
  assumeRole(base: Credentials, roleArn: string, region: string): Credentials;
  /** The Region the environment or profile configures, if any (AWS_REGION, `region =` in ~/.aws/config). */
  defaultRegion(profile?: string): Promise<string | undefined>;
  sender(credentials: Credentials, region: string): Send;
  /** Close every client's connections. */
  close(): void;
}

/** Thrown when the SDK packages are not installed. */
export class SdkMissing extends Error {
  constructor(readonly packages: readonly string[]) {
    super(
      `vpcsim pull needs the AWS SDK for JavaScript v3 (optional dependencies of vpcsim), which is not installed: ` +
        `npm install ${packages.join(' ')}`,
    );
  }
}

/** Thrown by the guard middleware when a command is not read-only (never reached by the call table). */
export class MutatingOperationRefused extends Error {
  override readonly name = 'MutatingOperationRefused';
}

/** Every package `vpcsim pull` loads. */
export const SDK_PACKAGES: readonly string[] = [
  '@aws-sdk/credential-providers',
  ...Object.values(SERVICES).map((s) => s.package),
];

function isModuleMissing(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

async function importPackage(name: string): Promise<Record<string, unknown>> {
  try {
    return (await import(name)) as Record<string, unknown>;
  } catch (e) {
    if (isModuleMissing(e)) throw new SdkMissing(SDK_PACKAGES);
    throw e;
  }
}

/** The guard: refuses a command whose operation is not Describe/List/Get/Search, before anything is sent. */
export const readOnlyGuard: Middleware = (next, context) => async (args) => {
  const operation = (context.commandName ?? '').replace(/Command$/, '');
  if (!isReadOnlyOperation(operation))
    throw new MutatingOperationRefused(
      `vpcsim pull refuses ${operation || 'an unnamed command'}: only read-only calls are made`,
    );
  return next(args);
};

/**
 * One resolution of a provider shared by every client using it (each SDK client memoizes on its own, so without
 * this a role would be assumed once per service and Region), renewed five minutes before it expires.
 */
function memoize(provider: Credentials): Credentials {
  let cached: Promise<Identity> | undefined;
  const shared = async (options?: unknown): Promise<Identity> => {
    const c = cached ? await cached.catch(() => undefined) : undefined;
    if (c && (c.expiration === undefined || c.expiration.getTime() - Date.now() > 300_000)) return c;
    cached = provider(options);
    return cached;
  };
  return shared;
}

/** Load the SDK. `endpoint` overrides every service's endpoint (tests, LocalStack). */
export async function loadAwsSdk(endpoint?: string): Promise<AwsSession> {
  const providers = (await importPackage('@aws-sdk/credential-providers')) as unknown as CredentialProviders;
  const modules = new Map<ServiceName, Record<string, unknown>>();
  const clients = new Map<string, SdkClient>();
  const ids = new WeakMap<object, number>();
  let nextId = 0;
  const idOf = (o: object): number => {
    let id = ids.get(o);
    if (id === undefined) ids.set(o, (id = nextId++));
    return id;
  };

  const moduleOf = async (service: ServiceName): Promise<Record<string, unknown>> => {
    let m = modules.get(service);
    if (!m) modules.set(service, (m = await importPackage(SERVICES[service].package)));
    return m;
  };
  const clientOf = async (
    service: ServiceName,
    credentials: Credentials,
    region: string,
  ): Promise<SdkClient> => {
    const key = `${service} ${region} ${idOf(credentials)}`;
    let c = clients.get(key);
    if (c) return c;
    const Client = (await moduleOf(service))[SERVICES[service].client] as ClientClass;
    c = new Client({ region, credentials, maxAttempts: 1, ...(endpoint ? { endpoint } : {}) });
    c.middlewareStack.add(readOnlyGuard, { step: 'initialize', name: 'vpcsimReadOnlyGuard' });
    clients.set(key, c);
    return c;
  };

  return {
    baseCredentials: (profile) => memoize(providers.fromNodeProviderChain(profile ? { profile } : {})),
    assumeRole: (base, roleArn, region) =>
      memoize(
        providers.fromTemporaryCredentials({
          masterCredentials: base,
          params: { RoleArn: roleArn, RoleSessionName: 'vpcsim-pull' },
          clientConfig: { region, ...(endpoint ? { endpoint } : {}) },
        }),
      ),
    defaultRegion: async (profile) => {
      const Client = (await moduleOf('sts'))[SERVICES.sts.client] as ClientClass;
      const c = new Client(profile ? { profile } : {});
      try {
        return await c.config.region();
      } catch {
        return undefined;
      } finally {
        c.destroy();
      }
    },
    sender: (credentials, region) => async (service, operation, input) => {
      const client = await clientOf(service, credentials, region);
      const Command = (await moduleOf(service))[`${operation}Command`];
      if (typeof Command !== 'function')
        throw Object.assign(new Error(`the SDK has no ${operation} for ${service}`), {
          name: 'UnknownOperation',
        });
      return client.send(new (Command as CommandClass)(input));
    },
    close: () => {
      for (const c of clients.values()) c.destroy();
      clients.clear();
    },
  };
}
