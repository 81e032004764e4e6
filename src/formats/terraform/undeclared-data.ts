/**
 * References to data sources the configuration does not declare (`ami = data.aws_ami.ubuntu.id` without a
 * `data "aws_ami" "ubuntu"` block). Terraform refuses such a configuration; vpcsim reads it anyway when nothing it
 * models depends on the value, because such references are common in configurations cut out of a larger one.
 *
 * Evaluation (module-instance.ts, memoised) turns the attribute or local holding the reference into an Unknown recorded here.
 * Mapping then watches which attributes the mappers read: a recorded value read as a network attribute (a subnet's
 * CIDR, a route's target, a rule's peer …) is an error TF_UNKNOWN_REFERENCE at the attribute, as docs/terraform.md
 * names it; one read by no mapper, or only as a label (`tags`, `name`, `description`), is a warning naming the data
 * source and the attribute, and the network is read without it.
 */
import { error, warning, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import { isObj, Unknown, type TfObject, type TfValue } from './value.js';

/** Attributes that only label a resource: a value there never changes a trace. */
const LABELS: ReadonlySet<string> = new Set(['tags', 'tags_all', 'name', 'name_prefix', 'description']);

interface Use {
  readonly source: string;
  readonly span: Span;
  readonly where: string;
}

export class UndeclaredData {
  private readonly uses = new Map<Unknown, Use>();

  /** The value of an attribute or local that names an undeclared data source. */
  defer(source: string, span: Span, where: string): Unknown {
    const u = new Unknown(`${where} (${source} is not declared)`);
    this.uses.set(u, { source, span, where });
    return u;
  }

  get size(): number {
    return this.uses.size;
  }

  /**
   * The recorded values a value holds: itself, one computed from it (every operation on an Unknown yields an Unknown
   * whose description contains its operands', `cidrsubnet(local.cidr (…))`), or inside its lists and objects.
   */
  private within(v: TfValue | undefined, out: Unknown[]): void {
    if (v instanceof Unknown) {
      for (const u of this.uses.keys()) if (u === v || v.desc.includes(u.desc)) out.push(u);
    } else if (Array.isArray(v)) for (const x of v) this.within(x, out);
    else if (isObj(v)) for (const x of Object.values(v)) this.within(x, out);
  }

  /**
   * Attributes that report, when a mapper reads them, the recorded values they hold; `read` collects those values.
   * Without recorded values the attributes are returned as they are.
   */
  watch(attrs: TfObject, read: Set<Unknown>): TfObject {
    if (this.uses.size === 0) return attrs;
    const held = new Map<string, Unknown[]>();
    for (const [k, v] of Object.entries(attrs)) {
      if (LABELS.has(k)) continue;
      const found: Unknown[] = [];
      this.within(v, found);
      if (found.length > 0) held.set(k, found);
    }
    if (held.size === 0) return attrs;
    return new Proxy(attrs, {
      get(target, key, receiver) {
        if (typeof key === 'string') for (const u of held.get(key) ?? []) read.add(u);
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
  }

  /** One diagnostic per recorded value: an error when a mapper read it as a network attribute, else a warning. */
  diagnostics(read: ReadonlySet<Unknown>): Diagnostic[] {
    return [...this.uses].map(([u, { source, span, where }]) =>
      read.has(u)
        ? error(
            'TF_UNKNOWN_REFERENCE',
            `${where}: reference to undeclared data source "${source}", and vpcsim needs this value to model the network; declare the data source or set the value (terraform would refuse this configuration too)`,
            span,
          )
        : warning(
            'TF_UNKNOWN_REFERENCE',
            `${where}: reference to undeclared data source "${source}" (terraform would refuse this configuration); vpcsim does not model this attribute and reads the network without it`,
            span,
          ),
    );
  }
}
