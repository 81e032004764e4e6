/**
 * Whether a walk evaluated the rules of some security groups, for the reachability diff (analysis/reach/diff.ts):
 * while `sgWatch.groups` is set, `sgWatch.hit` becomes true when the walk evaluates the rules of an interface that
 * carries one of them (sgCheck in walk/context.ts; a reply passed by connection tracking evaluates none, SG-2).
 * Two versions that differ only in those groups' rules walk a packet the same way unless it does. Unset (as for
 * `vpcsim trace`), it costs one property read per security-group check.
 */
export const sgWatch: { groups: ReadonlySet<string> | undefined; hit: boolean } = {
  groups: undefined,
  hit: false,
};

/** Watch `groups` during the next walk. */
export function watchGroups(groups: ReadonlySet<string>): void {
  sgWatch.groups = groups;
  sgWatch.hit = false;
}

/** Stop watching; whether the walk evaluated a watched group's rules. */
export function endWatch(): boolean {
  sgWatch.groups = undefined;
  return sgWatch.hit;
}
