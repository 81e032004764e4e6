/**
 * `--assume Resource.Attribute=value`: deploy-time values the user pins instead of a placeholder (a NAT gateway's
 * Elastic IP, an instance's private IP, a firewall's endpoint ids). A pinned value is not "assumed". Each importer
 * names resources its own way (a logical ID, a Terraform address); the keys are looked up by those names, and the
 * ones no resource used are reported once (ASSUME_UNUSED), so a typo in a pin is not silently ignored.
 *
 * The pins are a Map of the option's own entries (issue 21 item 4): `x.__proto__` or `x.constructor` is a pin like
 * any other, and one that nothing reads is reported, never taken from or dropped into an object's prototype.
 */
import { warning, type Diagnostic } from '../../diag/diagnostic.js';

export class Pins {
  private readonly values: ReadonlyMap<string, string>;
  private readonly used = new Set<string>();
  /** Resources the importer asked about (`attributesOf`): a pin on one of them that nothing read names an attribute. */
  private readonly resources = new Set<string>();

  constructor(values: Readonly<Record<string, string>> = {}) {
    this.values = new Map(Object.entries(values));
  }

  /** The value pinned for `attribute` of the resource known by any of `names`, if any. */
  value(names: readonly string[], attribute: string): string | undefined {
    for (const n of names) {
      const key = `${n}.${attribute}`;
      const v = this.values.get(key);
      if (v !== undefined) {
        this.used.add(key);
        return v;
      }
    }
    return undefined;
  }

  /**
   * The attributes pinned for the resource `name` as `[attribute, value]` pairs. They count as used only once a
   * mapper reads them (`read`): a pin of an attribute vpcsim never reads changes nothing and is reported.
   */
  attributesOf(name: string): [string, string][] {
    this.resources.add(name);
    const out: [string, string][] = [];
    for (const [key, v] of this.values) {
      if (!key.startsWith(`${name}.`)) continue;
      const attribute = key.slice(name.length + 1);
      if (!attribute.includes('.')) out.push([attribute, v]);
    }
    return out;
  }

  /** A mapper read the pinned `attribute` of resource `name`. */
  read(name: string, attribute: string): void {
    this.used.add(`${name}.${attribute}`);
  }

  /** One warning per pin no resource used, naming what the input calls resources. */
  unusedDiagnostics(what: string): Diagnostic[] {
    return [...this.values.keys()]
      .filter((k) => !this.used.has(k))
      .map((k) => {
        const resource = k.replace(/\.[^.]+$/, '');
        const attribute = k.slice(resource.length + 1);
        return warning(
          'ASSUME_UNUSED',
          this.resources.has(resource)
            ? `--assume ${k}: ${resource} has no deploy-time attribute "${attribute}" that vpcsim reads; the pin changes nothing`
            : `--assume ${k}: no resource ${resource} in the ${what} input`,
        );
      });
  }
}
