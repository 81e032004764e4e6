/**
 * `vpcsim ls <inputs…> [--kind KIND] [--json]`: every resource the inputs define — kind, id, AWS id, Name tag,
 * where it sits — with the ones `--from`/`--to` accept marked, and the resources vpcsim reads but does not model.
 * Reading diagnostics go to stderr as for every command; unreadable inputs end with exit status 2.
 */
import type { Command } from '@commander-js/extra-typings';
import { inventory, type InventoryRow } from '../analysis/inventory.js';
import { networkForTrace } from './flow.js';
import { UsageError } from './errors.js';
import { defaultDeps, importOptions, inputCommand, type CliDeps } from './options.js';

function table(rows: readonly InventoryRow[]): string {
  const cells = rows.map((r) => [
    r.kind,
    `${r.endpoint ? '*' : ' '} ${r.id}`,
    r.awsId ?? '',
    r.name !== undefined && r.name !== r.id ? r.name : '',
    r.unsupported !== undefined ? `unsupported: ${r.unsupported}` : (r.in ?? ''),
  ]);
  const head = ['KIND', '  ID', 'AWS ID', 'NAME', 'IN'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string =>
    c
      .map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [
    line(head),
    ...cells.map(line),
    '',
    '* accepted by --from / --to (also by their AWS id or Name tag, when unique)',
  ].join('\n');
}

/** Register `vpcsim ls`. */
export function register(program: Command, deps: CliDeps = defaultDeps): void {
  inputCommand(program, 'ls', 'list every resource the inputs define (names, AWS ids, Name tags)')
    .option('--kind <KIND>', 'only resources of this kind (instance, subnet, security-group, …)')
    .option('--variant <NAME>', 'list a variant of a vpcsim file')
    .option('--json', 'print the list as JSON')
    .action(async (inputs, o) => {
      const r = await deps.load(inputs, importOptions(o));
      const { network } = networkForTrace(r, o.variant);
      let rows = inventory(network);
      if (o.kind !== undefined) {
        const kinds = [...new Set(rows.map((x) => x.kind))];
        rows = rows.filter((x) => x.kind === o.kind);
        if (rows.length === 0)
          throw new UsageError(`no resource of kind "${o.kind}"; the inputs define: ${kinds.join(', ')}`);
      }
      process.stdout.write(o.json ? JSON.stringify({ resources: rows }, null, 2) + '\n' : table(rows) + '\n');
    });
}
