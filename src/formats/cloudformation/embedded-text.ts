/**
 * Where a line of text embedded in a template (UserData scripts, `Metadata.vpcsim.os`, Suricata `RulesString`) is
 * in the file. Only a block scalar (`|`, `>`: its text starts on the line after the indicator) holds the text line
 * for line as written; a quoted or plain scalar folds its lines or writes them as `\n` escapes, and text decoded
 * from base64 or built by `Fn::Sub` is not in the file at all — then every line of it is placed at the start of the
 * literal text, never past the end of the file (issue 21 long fuzz run: SYSCTL_UNKNOWN_KEY at line 3 of a one-line
 * JSON template).
 */
import type { CfnNode, Pos } from './node.js';

type ScalarNode = Extract<CfnNode, { kind: 'scalar' }>;

/** The literal scalar inside Fn::Base64 / Fn::Sub / … that holds the text, if any. */
export function literalScalar(node: CfnNode | undefined): ScalarNode | undefined {
  let n = node;
  for (let i = 0; i < 5 && n; i++) {
    if (n.kind === 'scalar') return n;
    if (n.kind === 'fn') n = n.arg.kind === 'seq' && n.name === 'Fn::Sub' ? n.arg.items[0] : n.arg;
    else return undefined;
  }
  return undefined;
}

/**
 * A position mapper for `text` read from `node`: 1-based line and column in the text → position in the file. A
 * block scalar's lines are the text's lines when there are as many (`Fn::Sub` replaces within lines): a line
 * written as is keeps its columns, a substituted one points at its start. Anything else (a plain or quoted
 * scalar, which may fold lines of the file into one or write them as `\n` escapes; text decoded from base64) is
 * placed at the start of the literal.
 */
export function embeddedPosition(
  node: CfnNode | undefined,
  fallback: Pos,
  text: string,
): (line: number, col: number) => Pos {
  const s = literalScalar(node);
  const start = s?.textPos ?? node?.pos ?? fallback;
  const own = s !== undefined && typeof s.value === 'string' ? s.value : undefined;
  const written = own?.split('\n');
  const lines = text.split('\n');
  if (
    s !== undefined &&
    written !== undefined &&
    s.textPos.line > s.pos.line &&
    written.length === lines.length
  )
    return (line, col) => ({
      line: start.line + line - 1,
      col: start.col + (written[line - 1] === lines[line - 1] ? col - 1 : 0),
    });
  // Not even line 1's columns: a plain or quoted scalar may fold several lines of the file into its first line
  // (fuzz finding cfn-yaml:29 of seed prof: a plain multi-line UserData put SYSCTL_UNKNOWN_KEY at column 70 of
  // a 22-character line), and the reader does not keep where the scalar ends.
  return () => ({ ...start });
}
