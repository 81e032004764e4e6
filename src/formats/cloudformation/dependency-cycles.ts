/**
 * Circular dependencies between CloudFormation resources ("Template format error: Circular dependency between
 * resources"), found over the dependency sets the static checks collected (Ref, GetAtt, Sub, DependsOn).
 */
import { error, type Diagnostic } from '../../diag/diagnostic.js';
import { spanOf, type Template } from './template.js';

/**
 * Report each circular dependency once (Tarjan's strongly connected components), without recursion: a chain of
 * resources each depending on the next is as long as the template makes it.
 */
export function reportCycles(
  t: Template,
  deps: ReadonlyMap<string, ReadonlySet<string>>,
  diags: Diagnostic[],
): void {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let counter = 0;
  const report = (comp: string[], v: string) => {
    const selfLoop = comp.length === 1 && (deps.get(v)?.has(v) ?? false);
    if (comp.length === 1 && !selfLoop) return;
    comp.sort();
    const first = t.resources.get(comp[0] ?? v);
    diags.push(
      error(
        'CIRCULAR_DEPENDENCY',
        `Template format error: Circular dependency between resources: [${comp.join(', ')}]`,
        first ? spanOf(t.file, first.pos) : undefined,
      ),
    );
  };
  const enter = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
  };
  for (const root of deps.keys()) {
    if (index.has(root)) continue;
    enter(root);
    // Each frame: a resource and the iterator over what it depends on.
    const frames: { v: string; next: Iterator<string> }[] = [
      { v: root, next: (deps.get(root) ?? new Set()).values() },
    ];
    while (frames.length > 0) {
      const f = frames[frames.length - 1] as { v: string; next: Iterator<string> };
      const step = f.next.next();
      if (!step.done) {
        const w = step.value;
        if (!index.has(w)) {
          enter(w);
          frames.push({ v: w, next: (deps.get(w) ?? new Set()).values() });
        } else if (onStack.has(w)) low.set(f.v, Math.min(low.get(f.v) ?? 0, index.get(w) ?? 0));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v) ?? 0, low.get(f.v) ?? 0));
      if (low.get(f.v) === index.get(f.v)) {
        const comp: string[] = [];
        let w: string | undefined;
        do {
          w = stack.pop();
          if (w === undefined) break;
          onStack.delete(w);
          comp.push(w);
        } while (w !== f.v);
        report(comp, f.v);
      }
    }
  }
}
