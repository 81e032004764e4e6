/**
 * YAML anchors and aliases, for readers that walk the `yaml` package's node tree themselves (CloudFormation YAML,
 * the native format): an index of every anchor by name, built once, and the node an alias names — the last anchor
 * of that name defined before it (YAML 1.2 §3.2.2.2); undefined when there is none (the package reports that only
 * when it converts the document itself, so a reader says so).
 */
import { isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

/** Every anchored node by anchor name, in text order. */
export function anchorIndex(doc: Document.Parsed): Map<string, { offset: number; node: Node }[]> {
  const out = new Map<string, { offset: number; node: Node }[]>();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isPair(n)) {
      stack.push(n.value, n.key);
      continue;
    }
    if (!isScalar(n) && !isSeq(n) && !isMap(n)) continue;
    if (n.anchor && n.range) {
      const list = out.get(n.anchor) ?? [];
      list.push({ offset: n.range[0], node: n });
      out.set(n.anchor, list);
    }
    if (isSeq(n) || isMap(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
  }
  for (const list of out.values()) list.sort((a, b) => a.offset - b.offset);
  return out;
}

/** The node an alias names: the last anchor of that name defined before it (YAML 1.2 §3.2.2.2). */
export function resolveAlias(
  anchors: ReadonlyMap<string, readonly { offset: number; node: Node }[]>,
  name: string,
  at: number,
): Node | undefined {
  const list = anchors.get(name) ?? [];
  let lo = 0;
  let hi = list.length; // first definition at or after `at`
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid]?.offset ?? 0) < at) lo = mid + 1;
    else hi = mid;
  }
  return list[lo - 1]?.node;
}
