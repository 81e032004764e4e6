/**
 * `vpcsim serve <inputs…> [--port N] [--host 127.0.0.1]`: the local web page over the inputs, reloaded when they
 * change. Builds the page first if it is not built (src/web/dist). Runs until interrupted (Ctrl-C), then exits 0.
 * Binding to anything but a loopback address prints a warning: the API shows the whole network to whoever can
 * reach the port.
 */
import { Option, type Command } from '@commander-js/extra-typings';
import { startServer } from '../server/server.js';
import { defaultBackend } from '../server/default-backend.js';
import { ensureWebBuilt } from '../server/web-build.js';
import { Exit, UsageError } from './errors.js';
import { parsePairs } from './diagram.js';

const collect = (v: string, prev: string[]): string[] => [...prev, v];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Register `vpcsim serve` on the program. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('serve a local web page showing the network, traces, diagnostics and expectations')
    .argument('<inputs...>', 'vpcsim YAML, CloudFormation, Terraform or describe-* folder')
    .option('--port <n>', 'port to listen on (default 8080; 0 = any free port)', '8080')
    .option('--host <address>', 'address to bind (default 127.0.0.1)', '127.0.0.1')
    .addOption(
      new Option('--param <NAME=VALUE>', 'CloudFormation parameter (repeatable)')
        .argParser(collect)
        .default([] as string[]),
    )
    .addOption(
      new Option('--var <NAME=VALUE>', 'Terraform variable (repeatable)')
        .argParser(collect)
        .default([] as string[]),
    )
    .addOption(new Option('--region <REGION>', 'region for pseudo parameters and AZ lists'))
    .action(async (inputs, o) => {
      if (!/^\d+$/.test(o.port) || Number(o.port) > 65535)
        throw new UsageError(`--port "${o.port}" is not a number between 0 and 65535`);
      const built = await ensureWebBuilt();
      if (!built.ok) throw new UsageError(built.message);
      if (!LOOPBACK.has(o.host)) {
        process.stderr.write(
          `vpcsim: warning: listening on ${o.host}: anyone who can reach this address can read the network model\n`,
        );
      }
      const backend = defaultBackend(inputs, {
        params: parsePairs(o.param, '--param'),
        vars: parsePairs(o.var, '--var'),
        region: o.region,
      });
      const srv = await startServer({
        backend,
        webRoot: built.dist,
        host: o.host,
        port: Number(o.port),
        watch: inputs,
      });
      process.stdout.write(`vpcsim serve: ${srv.url} (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await srv.close();
      throw new Exit(0);
    });
}
