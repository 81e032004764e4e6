/**
 * `--assume Resource.Attribute=value`: deploy-time values the user pins instead of a placeholder (a NAT gateway's
 * Elastic IP, an instance's private IP, a firewall's endpoint ids). A pinned value is not "assumed". Each importer
 * names resources its own way (a logical ID, a Terraform address); the keys are looked up by those names, and the
 * ones no resource used are reported once (ASSUME_UNUSED), so a typo in a pin is not silently ignored.
 */
import { warning, type Diagnostic } from '../../diag/diagnostic.js';

export class Pins {
  private readonly used = new Set<string>();

  constructor(private readonly values: Readonly<Record<string, string>> = {}) {}

  /** The value pinned for `attribute` of the resource known by any of `names`, if any. */
  value(names: readonly string[], attribute: string): string | undefined {
    for (const n of names) {
      const key = `${n}.${attribute}`;
      const v = this.values[key];
      if (v !== undefined) {
        this.used.add(key);
        return v;
      }
    }
    return undefined;
  }

  /** The attributes pinned for the resource `name` (`{attribute: value}`), all marked used. */
  attributesOf(name: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, v] of Object.entries(this.values)) {
      if (!key.startsWith(`${name}.`)) continue;
      const attribute = key.slice(name.length + 1);
      if (attribute.includes('.')) continue;
      out[attribute] = v;
      this.used.add(key);
    }
    return out;
  }

  /** One warning per pin no resource used, naming what the input calls resources. */
  unusedDiagnostics(what: string): Diagnostic[] {
    return Object.keys(this.values)
      .filter((k) => !this.used.has(k))
      .map((k) =>
        warning(
          'ASSUME_UNUSED',
          `--assume ${k}: no resource ${k.replace(/\.[^.]+$/, '')} in the ${what} input`,
        ),
      );
  }
}
