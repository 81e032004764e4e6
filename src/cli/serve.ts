/**
 * `vpcsim serve <inputs…> [--port N] [--host 127.0.0.1] [--allow-remote]`: the local web page over the inputs,
 * reloaded when they change. Builds the page first if it is not built (src/web/dist). Runs until interrupted
 * (Ctrl-C), then exits 0. Binding to anything but a loopback address is refused unless `--allow-remote` says so
 * (issue 21 item 6): the API shows the whole network to whoever can reach the port, so the server then makes an
 * access token, prints it in the URL, and refuses every request without it.
 */
import type { Command } from '@commander-js/extra-typings';
import { isLoopback, newAccessToken } from '../server/access-token.js';
import { startServer } from '../server/server.js';
import { ensureWebBuilt } from '../server/web-build.js';
import { Exit, systemReason, UsageError } from './errors.js';
import { printDiagnostics } from './flow.js';
import { defaultDeps, importOptions, inputCommand, type CliDeps } from './options.js';

/** Register `vpcsim serve` on the program. */
export function register(program: Command, deps: CliDeps = defaultDeps): void {
  inputCommand(
    program,
    'serve',
    'serve a local web page showing the network, traces, diagnostics and expectations',
  )
    .option('--port <n>', 'port to listen on (default 8080; 0 = any free port)', '8080')
    .option('--host <address>', 'address to bind (default 127.0.0.1)', '127.0.0.1')
    .option(
      '--allow-remote',
      'allow a --host other machines can reach; every request then needs the access token printed at start',
    )
    .action(async (inputs, o) => {
      if (!/^\d+$/.test(o.port) || Number(o.port) > 65535)
        throw new UsageError(`--port "${o.port}" is not a number between 0 and 65535`);
      const remote = !isLoopback(o.host);
      if (remote && o.allowRemote !== true)
        throw new UsageError(
          `--host ${o.host} can be reached from other machines, which could then read the whole network model: add --allow-remote (requests then need the access token printed at start), or use 127.0.0.1`,
        );
      // Options are read (and a malformed NAME=VALUE refused) before the page is built.
      const backend = deps.backend(inputs, importOptions(o));
      // The diagnostics about the inputs are shown here too (the page lists them as well).
      printDiagnostics((await backend.load()).diagnostics);
      const built = await ensureWebBuilt();
      if (!built.ok) throw new UsageError(built.message);
      const accessToken = remote ? newAccessToken() : undefined;
      const srv = await startServer({
        backend,
        webRoot: built.dist,
        host: o.host,
        accessToken,
        port: Number(o.port),
        watch: inputs,
      }).catch((e: unknown) => {
        // A port in use or an address of another machine is the user's to fix, not a vpcsim bug.
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE')
          throw new UsageError(
            `port ${o.port} on ${o.host} is in use: choose another with --port (0 = any free port)`,
          );
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
          throw new UsageError(`cannot listen on ${o.host}: it is not an address of this machine`);
        const why = systemReason(e);
        throw why === undefined ? e : new UsageError(`cannot listen on ${o.host} port ${o.port}: ${why}`);
      });
      process.stdout.write(`vpcsim serve: ${srv.url} (Ctrl-C to stop)\n`);
      if (accessToken !== undefined)
        process.stdout.write(
          `vpcsim serve: other machines can reach ${o.host}: every request needs the access token ${accessToken} (in the URL above, or as Authorization: Bearer TOKEN)\n`,
        );
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
