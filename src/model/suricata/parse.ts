/**
 * Parse Suricata-compatible rule strings as Network Firewall accepts them (NFW-8), with source positions.
 *
 * Model: one rule per logical line (`\` at the end of a line continues it); `#` starts a comment line; blank lines
 * are skipped. A rule is `action protocol src sport dir dst dport (options)`; options are `keyword;` or
 * `keyword:value;` with quoted values that may contain `;`. Every problem becomes a Diagnostic with file:line:col
 * and the parser carries on with the next rule; a rule with an error is left out of `rules` (AWS would refuse the
 * whole rule group, and the diagnostic is an error). Keywords outside the evaluated subset (keywords.ts) are kept,
 * listed in `rule.unsupported` and reported as warnings naming the keyword and the sid.
 * Invariants: every returned rule has a valid action, protocol, address/port specs (variables unresolved), a
 * direction and a sid unique within the text.
 */
import type { Diagnostic, Span } from '../../diag/diagnostic.js';
import type { SuricataRule } from '../../model/firewall.js';
import { parseAddressSpec, parsePortSpec } from './address.js';
import {
  ACTIONS,
  EVALUATED_KEYWORDS,
  EVALUATED_PROTOCOLS,
  FLOW_VALUES,
  KNOWN_OTHER_PROTOCOLS,
  NO_EFFECT_KEYWORDS,
  type SuricataAction,
} from './keywords.js';
import type { DiagnosticCode } from '../../diag/codes.js';

export interface ParseSuricataOptions {
  readonly file: string;
  /** Maps a 1-based line/column inside `text` to a span in the real file (rules embedded in YAML/CFN/HCL). */
  readonly position?: ((line: number, col: number) => Span) | undefined;
  /** Resource id the diagnostics concern (the rule group). */
  readonly resource?: string | undefined;
}

export interface ParseSuricataResult {
  readonly rules: SuricataRule[];
  readonly diagnostics: Diagnostic[];
}

/** A logical rule: its text and where each character came from. */
interface LogicalLine {
  readonly text: string;
  /** For each segment: offset in `text` where it starts, and its 1-based line and column in the input. */
  readonly segments: readonly { readonly offset: number; readonly line: number; readonly col: number }[];
}

function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  const lines = text.split(/\r?\n/);
  let cur: { text: string; segments: { offset: number; line: number; col: number }[] } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const lead = raw.length - raw.trimStart().length;
    let body = raw.slice(lead);
    const continues = /\\\s*$/.test(body);
    if (continues) body = body.replace(/\\\s*$/, '');
    if (cur === null) {
      if (body.trim() === '' || body.startsWith('#')) {
        if (!continues) continue;
      }
      cur = { text: '', segments: [] };
    }
    cur.segments.push({ offset: cur.text.length, line: i + 1, col: lead + 1 });
    cur.text += body;
    if (!continues) {
      if (cur.text.trim() !== '' && !cur.text.trimStart().startsWith('#')) out.push(cur);
      cur = null;
    } else {
      cur.text += ' ';
    }
  }
  if (cur !== null && cur.text.trim() !== '') out.push(cur);
  return out;
}

function lineCol(l: LogicalLine, offset: number): { line: number; col: number } {
  let seg = l.segments[0] ?? { offset: 0, line: 1, col: 1 };
  for (const s of l.segments) if (s.offset <= offset) seg = s;
  return { line: seg.line, col: seg.col + (offset - seg.offset) };
}

/** Header tokens split at whitespace outside brackets, with their offsets. */
function headerTokens(text: string, end: number): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i <= end; i++) {
    const c = i < end ? text[i] : ' ';
    const ws = c === ' ' || c === '\t';
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (ws && depth <= 0) {
      if (start >= 0) out.push({ text: text.slice(start, i), offset: start });
      start = -1;
    } else if (start < 0) start = i;
  }
  return out;
}

interface RawOption {
  readonly keyword: string;
  readonly value?: string | undefined;
  readonly offset: number;
}

/** Split the option body (between the parentheses). */
function splitOptions(
  text: string,
  start: number,
  end: number,
): { options: RawOption[] } | { error: string; offset: number } {
  const options: RawOption[] = [];
  let i = start;
  while (i < end) {
    while (i < end && /\s/.test(text[i] ?? '')) i++;
    if (i >= end) break;
    const kwStart = i;
    while (i < end && text[i] !== ':' && text[i] !== ';') i++;
    const keyword = text.slice(kwStart, i).trim();
    if (keyword === '') return { error: 'empty option (stray ";")', offset: kwStart };
    if (/\s/.test(keyword)) {
      return { error: `option "${keyword.split(/\s+/)[0] ?? ''}" is not terminated by ";"`, offset: kwStart };
    }
    if (i >= end) return { error: `option "${keyword}" is missing its terminating ";"`, offset: kwStart };
    if (text[i] === ';') {
      options.push({ keyword, offset: kwStart });
      i++;
      continue;
    }
    // value after ':'
    i++;
    const valStart = i;
    let inQuote = false;
    let quoteStart = -1;
    let value = '';
    let done = false;
    while (i < end) {
      const c = text[i];
      if (c === '\\' && i + 1 < end) {
        value += text.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (c === '"') {
        inQuote = !inQuote;
        if (inQuote) quoteStart = i;
      } else if (c === ';' && !inQuote) {
        done = true;
        break;
      }
      value += c ?? '';
      i++;
    }
    if (inQuote) return { error: `unbalanced quote in option "${keyword}"`, offset: quoteStart };
    if (!done) return { error: `option "${keyword}" is missing its terminating ";"`, offset: kwStart };
    options.push({ keyword, value: value.trim(), offset: valStart });
    i++; // past ';'
  }
  return { options };
}

/** Find the `)` that closes the option list, skipping quoted text. -1 if none. */
function closingParen(text: string, open: number): { close: number; quote: number } {
  let inQuote = false;
  let quote = -1;
  let last = -1;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '"') {
      inQuote = !inQuote;
      if (inQuote) quote = i;
    } else if (c === ')' && !inQuote) last = i;
  }
  return { close: inQuote ? -2 : last, quote };
}

/**
 * Parse Suricata rules. `parseSuricataRules('pass tls $HOME_NET any -> any any (tls.sni; content:"a.com"; sid:1;)',
 * {file: 'rules.suricata'})` → one rule, no diagnostics.
 */
export function parseSuricataRules(text: string, opts: ParseSuricataOptions): ParseSuricataResult {
  const rules: SuricataRule[] = [];
  const diagnostics: Diagnostic[] = [];
  const sids = new Map<number, Span>();
  const spanOf = (l: LogicalLine, offset: number): Span => {
    const { line, col } = lineCol(l, offset);
    return opts.position ? opts.position(line, col) : { file: opts.file, line, col };
  };
  const err = (code: DiagnosticCode, message: string, span: Span): void => {
    diagnostics.push({ severity: 'error', code, message, span, resource: opts.resource, ref: 'NFW-8' });
  };

  for (const l of logicalLines(text)) {
    const lead = l.text.length - l.text.trimStart().length;
    const ruleText = l.text.trim();
    const base = lead;
    const t = l.text;
    const open = t.indexOf('(');
    if (open < 0) {
      err(
        'SURICATA_SYNTAX',
        `rule has no option list "( … )"; Network Firewall rejects it: ${ruleText}`,
        spanOf(l, base),
      );
      continue;
    }
    const { close, quote } = closingParen(t, open);
    if (close === -2) {
      err('SURICATA_SYNTAX', "unbalanced quote in the rule options (no closing '\"')", spanOf(l, quote));
      continue;
    }
    if (close < 0) {
      err('SURICATA_SYNTAX', 'option list is missing its closing ")"', spanOf(l, t.length));
      continue;
    }
    if (t.slice(close + 1).trim() !== '') {
      err(
        'SURICATA_SYNTAX',
        `unexpected text after ")": "${t.slice(close + 1).trim()}"`,
        spanOf(l, close + 1),
      );
      continue;
    }
    const head = headerTokens(t, open);
    if (head.length !== 7) {
      err(
        'SURICATA_SYNTAX',
        `rule header needs 7 fields "action protocol source port direction destination port", found ${head.length}`,
        spanOf(l, base),
      );
      continue;
    }
    const [actionT, protoT, srcT, sportT, dirT, dstT, dportT] = head as [
      (typeof head)[0],
      (typeof head)[0],
      (typeof head)[0],
      (typeof head)[0],
      (typeof head)[0],
      (typeof head)[0],
      (typeof head)[0],
    ];
    let bad = false;
    const action = actionT.text.toLowerCase();
    if (!(ACTIONS as readonly string[]).includes(action)) {
      err(
        'SURICATA_UNKNOWN_ACTION',
        `unknown action "${actionT.text}"; Network Firewall accepts pass, drop, reject and alert`,
        spanOf(l, actionT.offset),
      );
      bad = true;
    }
    const protocol = protoT.text.toLowerCase();
    const unsupported: string[] = [];
    const unsupportedAt: { what: string; offset: number }[] = [];
    if (!EVALUATED_PROTOCOLS.has(protocol)) {
      if (KNOWN_OTHER_PROTOCOLS.has(protocol))
        unsupportedAt.push({ what: `protocol ${protocol}`, offset: protoT.offset });
      else {
        err('SURICATA_UNKNOWN_PROTOCOL', `unknown protocol "${protoT.text}"`, spanOf(l, protoT.offset));
        bad = true;
      }
    }
    for (const [tok, kind] of [
      [srcT, 'address'],
      [dstT, 'address'],
      [sportT, 'port'],
      [dportT, 'port'],
    ] as const) {
      const r = kind === 'address' ? parseAddressSpec(tok.text) : parsePortSpec(tok.text);
      if (!r.ok) {
        err(
          kind === 'address' ? 'SURICATA_BAD_ADDRESS' : 'SURICATA_BAD_PORT',
          `bad ${kind} "${tok.text}": ${r.message}`,
          spanOf(l, tok.offset + r.offset),
        );
        bad = true;
      }
    }
    if (dirT.text !== '->' && dirT.text !== '<>') {
      err(
        'SURICATA_BAD_DIRECTION',
        `direction must be "->" or "<>", found "${dirT.text}"${dirT.text === '<-' ? ' (Suricata has no "<-")' : ''}`,
        spanOf(l, dirT.offset),
      );
      bad = true;
    }
    const split = splitOptions(t, open + 1, close);
    if ('error' in split) {
      err('SURICATA_SYNTAX', split.error, spanOf(l, split.offset));
      continue;
    }
    let sid: number | undefined;
    let sidOffset = open;
    for (const o of split.options) {
      const kw = o.keyword.toLowerCase();
      if (o.value !== undefined && /^!?\s*"/.test(o.value) && !/^!?\s*"(?:[^"\\]|\\.)*"$/s.test(o.value)) {
        err(
          'SURICATA_SYNTAX',
          `missing ";" after the quoted value of option "${o.keyword}"`,
          spanOf(l, o.offset),
        );
        bad = true;
        continue;
      }
      if (kw === 'sid') {
        if (o.value === undefined || !/^[1-9][0-9]*$/.test(o.value)) {
          err(
            'SURICATA_BAD_SID',
            `sid must be a positive integer, found "${o.value ?? ''}"`,
            spanOf(l, o.offset),
          );
          bad = true;
        } else {
          sid = Number(o.value);
          sidOffset = o.offset;
        }
      } else if (kw === 'priority') {
        const n = Number(o.value);
        if (o.value === undefined || !Number.isInteger(n) || n < 1 || n > 255) {
          err(
            'SURICATA_BAD_PRIORITY',
            `priority must be an integer 1–255, found "${o.value ?? ''}"`,
            spanOf(l, o.offset),
          );
          bad = true;
        }
      } else if (kw === 'flow') {
        for (const v of (o.value ?? '').split(',').map((s) => s.trim().toLowerCase())) {
          if (!FLOW_VALUES.has(v)) unsupportedAt.push({ what: `flow:${v}`, offset: o.offset });
        }
      } else if (kw === 'content') {
        const v = o.value ?? '';
        if (!/^!?\s*".*"$/s.test(v)) {
          err('SURICATA_SYNTAX', `content value must be a quoted string, found ${v}`, spanOf(l, o.offset));
          bad = true;
        }
      } else if (kw === 'ip_proto') {
        const v = (o.value ?? '').replace(/^[!<>]/, '').trim();
        if (!/^[0-9]+$/.test(v) && !/^[a-z0-9-]+$/i.test(v)) {
          err('SURICATA_SYNTAX', `ip_proto value "${o.value ?? ''}" is not a protocol`, spanOf(l, o.offset));
          bad = true;
        }
      } else if (!EVALUATED_KEYWORDS.has(kw) && !NO_EFFECT_KEYWORDS.has(kw)) {
        unsupportedAt.push({ what: o.keyword, offset: o.offset });
      }
    }
    if (sid === undefined && !bad) {
      err(
        'SURICATA_MISSING_SID',
        'rule has no sid; Suricata and Network Firewall require one',
        spanOf(l, open),
      );
      bad = true;
    }
    if (sid !== undefined) {
      const prev = sids.get(sid);
      if (prev) {
        err(
          'SURICATA_DUPLICATE_SID',
          `duplicate sid ${sid} (first used at ${prev.file}:${prev.line}:${prev.col}); Network Firewall rejects the rule group`,
          spanOf(l, sidOffset),
        );
        bad = true;
      } else sids.set(sid, spanOf(l, sidOffset));
    }
    if (bad) continue;
    for (const u of unsupportedAt) {
      unsupported.push(u.what);
      diagnostics.push({
        severity: 'warning',
        code: 'SURICATA_UNSUPPORTED_KEYWORD',
        message: `sid ${sid ?? '?'}: "${u.what}" is not evaluated by vpcsim; verdicts that depend on this rule say so`,
        span: spanOf(l, u.offset),
        resource: opts.resource,
        ref: 'NFW-8',
      });
    }
    rules.push({
      action: action as SuricataAction,
      protocol,
      source: srcT.text,
      sourcePort: sportT.text,
      direction: dirT.text as '->' | '<>',
      destination: dstT.text,
      destinationPort: dportT.text,
      options: split.options.map((o) =>
        o.value === undefined
          ? { keyword: o.keyword.toLowerCase() }
          : { keyword: o.keyword.toLowerCase(), value: o.value },
      ),
      sid,
      text: ruleText,
      unsupported: unsupported.length > 0 ? unsupported : undefined,
      span: spanOf(l, base),
    });
  }
  return { rules, diagnostics };
}
