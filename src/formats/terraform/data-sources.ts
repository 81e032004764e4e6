/**
 * Terraform data sources offline: `aws_availability_zones` (the --azs given for the Region, else <region>a, b, c),
 * `aws_region`, `aws_partition` and `aws_caller_identity` (--account) are answered; any other data source is not read
 * (TF_DATA_SOURCE_UNKNOWN, info) and its attributes are unknown.
 */
import { info } from './evaluator.js';
import type { ModuleInst } from './module-instance.js';
import { EvalError, RESOURCE, type TfObject, type TfValue } from './value.js';

/** `data.TYPE.NAME` of module instance `m`. */
export function dataSource(m: ModuleInst, key: string): TfValue {
  const b = m.def.data.get(key);
  if (!b) throw new EvalError(`reference to undeclared data source "data.${key}"`, 'TF_UNKNOWN_REFERENCE');
  const [type] = b.labels as [string, string];
  const address = `${m.prefix}data.${key}`;
  return m.memoised(`data.${key}`, b.pos.span, address, () => {
    const o: TfObject = {};
    Object.defineProperty(o, RESOURCE, { value: address, enumerable: false });
    o['id'] = address;
    switch (type) {
      case 'aws_availability_zones':
        // Placeholder zones: opts.azs[region] or <region>a, b, c.
        o['names'] = m.ev.azs();
        break;
      case 'aws_region':
        o['name'] = m.ev.region;
        o['region'] = m.ev.region;
        o['id'] = m.ev.region;
        break;
      case 'aws_partition':
        o['partition'] = 'aws';
        o['dns_suffix'] = 'amazonaws.com';
        break;
      case 'aws_caller_identity':
        if (m.ev.opts.accountId) o['account_id'] = m.ev.opts.accountId;
        break;
      default:
        m.ev.report(
          info(
            'TF_DATA_SOURCE_UNKNOWN',
            `data.${key}: data sources are not read offline; its attributes are unknown`,
            b.pos.span,
          ),
        );
    }
    return o;
  });
}
