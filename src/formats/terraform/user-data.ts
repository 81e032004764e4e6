/**
 * An aws_instance's user_data (or user_data_base64) read as its OS network configuration (NAT instances and
 * appliances, NATI-3): ip_forward, iptables, routes. A value known only after apply, or only as the SHA-1 hash that
 * state and plan JSON keep, is reported (TF_USER_DATA_UNKNOWN) instead of guessed; a script that configures nothing
 * network-related leaves the instance an ordinary host.
 */
import { warning } from '../../diag/diagnostic.js';
import type { InstanceOs } from '../../model/os.js';
import type { MapInstance, TfMapContext } from './map-context.js';
import { isUnknown } from './value.js';

export function userDataOs(c: TfMapContext, i: MapInstance): InstanceOs | undefined {
  const a = i.attrs;
  const ud =
    typeof a['user_data'] === 'string'
      ? a['user_data']
      : typeof a['user_data_base64'] === 'string'
        ? Buffer.from(a['user_data_base64'], 'base64').toString('utf8')
        : undefined;
  const at = c.span(i, 'user_data');
  if (isUnknown(a['user_data']))
    c.b.diags.push(
      warning(
        'TF_USER_DATA_UNKNOWN',
        `${i.address}: user_data is not known offline (${a['user_data'].desc}); its OS configuration (ip_forward, iptables) is unknown`,
        at,
        { resource: i.address },
      ),
    );
  if (ud && /^[0-9a-f]{40}$/.test(ud)) {
    // Terraform state and plan JSON store user_data as its SHA-1 hash: the script itself is not there.
    c.b.diags.push(
      warning(
        'TF_USER_DATA_UNKNOWN',
        `${i.address}: user_data is only a hash in Terraform JSON; its OS configuration (ip_forward, iptables) is unknown — import the .tf files to analyse it`,
        at,
        { resource: i.address },
      ),
    );
    return undefined;
  }
  if (!ud || !c.opts.parseOs) return undefined;
  // A heredoc or a templated file holds the script line for line; a quoted string (`\n` escapes) or a plan/state
  // JSON value does not, so every position in it is the attribute's (fuzz long run session8-million, tf-plan:5859:
  // OS_SCRIPT_LINES_IGNORED at line 2 of a one-line plan file).
  const where = i.userData;
  const attribute = at ?? { file: '', line: 1, col: 1 };
  const r = c.opts.parseOs(
    ud,
    where?.file ?? attribute.file,
    where ? (line, col) => ({ file: where.file, line: where.line + line - 1, col }) : () => attribute,
  );
  c.b.diags.push(...r.diagnostics.map((d) => ({ ...d, resource: d.resource ?? i.address })));
  const os = r.os;
  const configures =
    os.ipForward ||
    Object.keys(os.netfilter.tables).length > 0 ||
    os.routes.length > 0 ||
    Object.keys(os.sysctl).length > 0;
  return configures ? os : undefined;
}
