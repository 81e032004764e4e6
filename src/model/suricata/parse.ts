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
import {
  closingParen,
  headerTokens,
  lineCol,
  logicalLines,
  splitOptions,
  type LogicalLine,
  type RawOption,
} from './rule-text.js';

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

/** Header tokens of a rule, by position. */
interface Header {
  readonly action: HeaderToken;
  readonly protocol: HeaderToken;
  readonly source: HeaderToken;
  readonly sourcePort: HeaderToken;
  readonly direction: HeaderToken;
  readonly destination: HeaderToken;
  readonly destinationPort: HeaderToken;
}

type HeaderToken = ReturnType<typeof headerTokens>[number];

/** What unsupported-but-valid parts of a rule were seen, and where (reported only when the rule is kept). */
type Unsupported = { what: string; offset: number }[];

/**
 * Parse Suricata rules. `parseSuricataRules('pass tls $HOME_NET any -> any any (tls.sni; content:"a.com"; sid:1;)',
 * {file: 'rules.suricata'})` → one rule, no diagnostics.
 */
export function parseSuricataRules(text: string, opts: ParseSuricataOptions): ParseSuricataResult {
  const parser = new RuleParser(opts);
  for (const l of logicalLines(text)) parser.rule(l);
  return { rules: parser.rules, diagnostics: parser.diagnostics };
}

/** Parses the rules of one text in order; keeps the sids seen so far (unique within the text). */
class RuleParser {
  readonly rules: SuricataRule[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private readonly sids = new Map<number, Span>();

  constructor(private readonly opts: ParseSuricataOptions) {}

  private spanOf(l: LogicalLine, offset: number): Span {
    const { line, col } = lineCol(l, offset);
    return this.opts.position ? this.opts.position(line, col) : { file: this.opts.file, line, col };
  }

  private err(code: DiagnosticCode, message: string, span: Span): void {
    this.diagnostics.push({
      severity: 'error',
      code,
      message,
      span,
      resource: this.opts.resource,
      ref: 'NFW-8',
    });
  }

  /** One logical rule: kept in `rules` when it has no error, else left out with its errors reported. */
  rule(l: LogicalLine): void {
    const base = l.text.length - l.text.trimStart().length;
    const ruleText = l.text.trim();
    const t = l.text;
    const parens = this.optionList(l, base, ruleText);
    if (parens === undefined) return;
    const { open, close } = parens;
    const header = this.header(l, open, base);
    if (header === undefined) return;
    const unsupportedAt: Unsupported = [];
    let bad = this.checkHeader(l, header, unsupportedAt);
    const split = splitOptions(t, open + 1, close);
    if ('error' in split) {
      this.err('SURICATA_SYNTAX', split.error, this.spanOf(l, split.offset));
      return;
    }
    const opt = this.checkOptions(l, split.options, open, unsupportedAt);
    bad ||= opt.bad;
    const sid = opt.sid;
    if (sid === undefined && !bad) {
      this.err(
        'SURICATA_MISSING_SID',
        'rule has no sid; Suricata and Network Firewall require one',
        this.spanOf(l, open),
      );
      bad = true;
    }
    if (sid !== undefined) {
      const prev = this.sids.get(sid);
      if (prev) {
        this.err(
          'SURICATA_DUPLICATE_SID',
          `duplicate sid ${sid} (first used at ${prev.file}:${prev.line}:${prev.col}); Network Firewall rejects the rule group`,
          this.spanOf(l, opt.sidOffset),
        );
        bad = true;
      } else this.sids.set(sid, this.spanOf(l, opt.sidOffset));
    }
    if (bad) return;
    const unsupported: string[] = [];
    for (const u of unsupportedAt) {
      unsupported.push(u.what);
      this.diagnostics.push({
        severity: 'warning',
        code: 'SURICATA_UNSUPPORTED_KEYWORD',
        message: `sid ${sid ?? '?'}: "${u.what}" is not evaluated by vpcsim; verdicts that depend on this rule say so`,
        span: this.spanOf(l, u.offset),
        resource: this.opts.resource,
        ref: 'NFW-8',
      });
    }
    this.rules.push({
      action: header.action.text.toLowerCase() as SuricataAction,
      protocol: header.protocol.text.toLowerCase(),
      source: header.source.text,
      sourcePort: header.sourcePort.text,
      direction: header.direction.text as '->' | '<>',
      destination: header.destination.text,
      destinationPort: header.destinationPort.text,
      options: split.options.map((o) =>
        o.value === undefined
          ? { keyword: o.keyword.toLowerCase() }
          : { keyword: o.keyword.toLowerCase(), value: o.value },
      ),
      sid,
      text: ruleText,
      unsupported: unsupported.length > 0 ? unsupported : undefined,
      span: this.spanOf(l, base),
    });
  }

  /** The `( … )` of a rule with nothing after it; undefined (reported) otherwise. */
  private optionList(
    l: LogicalLine,
    base: number,
    ruleText: string,
  ): { open: number; close: number } | undefined {
    const t = l.text;
    const open = t.indexOf('(');
    if (open < 0) {
      this.err(
        'SURICATA_SYNTAX',
        `rule has no option list "( … )"; Network Firewall rejects it: ${ruleText}`,
        this.spanOf(l, base),
      );
      return undefined;
    }
    const { close, quote } = closingParen(t, open);
    if (close === -2) {
      this.err(
        'SURICATA_SYNTAX',
        "unbalanced quote in the rule options (no closing '\"')",
        this.spanOf(l, quote),
      );
      return undefined;
    }
    if (close < 0) {
      this.err('SURICATA_SYNTAX', 'option list is missing its closing ")"', this.spanOf(l, t.length));
      return undefined;
    }
    if (t.slice(close + 1).trim() !== '') {
      this.err(
        'SURICATA_SYNTAX',
        `unexpected text after ")": "${t.slice(close + 1).trim()}"`,
        this.spanOf(l, close + 1),
      );
      return undefined;
    }
    return { open, close };
  }

  /** The seven header fields before `(`; undefined (reported) when there are not seven. */
  private header(l: LogicalLine, open: number, base: number): Header | undefined {
    const head = headerTokens(l.text, open);
    const [action, protocol, source, sourcePort, direction, destination, destinationPort] = head;
    if (
      head.length !== 7 ||
      !action ||
      !protocol ||
      !source ||
      !sourcePort ||
      !direction ||
      !destination ||
      !destinationPort
    ) {
      this.err(
        'SURICATA_SYNTAX',
        `rule header needs 7 fields "action protocol source port direction destination port", found ${head.length}`,
        this.spanOf(l, base),
      );
      return undefined;
    }
    return { action, protocol, source, sourcePort, direction, destination, destinationPort };
  }

  /** Action, protocol, addresses, ports and direction; true when one is wrong (each reported). */
  private checkHeader(l: LogicalLine, h: Header, unsupportedAt: Unsupported): boolean {
    let bad = false;
    if (!(ACTIONS as readonly string[]).includes(h.action.text.toLowerCase())) {
      this.err(
        'SURICATA_UNKNOWN_ACTION',
        `unknown action "${h.action.text}"; Network Firewall accepts pass, drop, reject and alert`,
        this.spanOf(l, h.action.offset),
      );
      bad = true;
    }
    const protocol = h.protocol.text.toLowerCase();
    if (!EVALUATED_PROTOCOLS.has(protocol)) {
      if (KNOWN_OTHER_PROTOCOLS.has(protocol))
        unsupportedAt.push({ what: `protocol ${protocol}`, offset: h.protocol.offset });
      else {
        this.err(
          'SURICATA_UNKNOWN_PROTOCOL',
          `unknown protocol "${h.protocol.text}"`,
          this.spanOf(l, h.protocol.offset),
        );
        bad = true;
      }
    }
    for (const [tok, kind] of [
      [h.source, 'address'],
      [h.destination, 'address'],
      [h.sourcePort, 'port'],
      [h.destinationPort, 'port'],
    ] as const) {
      const r = kind === 'address' ? parseAddressSpec(tok.text) : parsePortSpec(tok.text);
      if (!r.ok) {
        this.err(
          kind === 'address' ? 'SURICATA_BAD_ADDRESS' : 'SURICATA_BAD_PORT',
          `bad ${kind} "${tok.text}": ${r.message}`,
          this.spanOf(l, tok.offset + r.offset),
        );
        bad = true;
      }
    }
    const dir = h.direction.text;
    if (dir !== '->' && dir !== '<>') {
      this.err(
        'SURICATA_BAD_DIRECTION',
        `direction must be "->" or "<>", found "${dir}"${dir === '<-' ? ' (Suricata has no "<-")' : ''}`,
        this.spanOf(l, h.direction.offset),
      );
      bad = true;
    }
    return bad;
  }

  /** Every option in order: the sid (and where), and whether one is wrong (each reported). */
  private checkOptions(
    l: LogicalLine,
    options: readonly RawOption[],
    open: number,
    unsupportedAt: Unsupported,
  ): { sid: number | undefined; sidOffset: number; bad: boolean } {
    let sid: number | undefined;
    let sidOffset = open;
    let bad = false;
    for (const o of options) {
      const kw = o.keyword.toLowerCase();
      if (o.value !== undefined && /^!?\s*"/.test(o.value) && !/^!?\s*"(?:[^"\\]|\\.)*"$/s.test(o.value)) {
        this.err(
          'SURICATA_SYNTAX',
          `missing ";" after the quoted value of option "${o.keyword}"`,
          this.spanOf(l, o.offset),
        );
        bad = true;
        continue;
      }
      if (kw === 'sid') {
        if (o.value === undefined || !/^[1-9][0-9]*$/.test(o.value)) {
          this.err(
            'SURICATA_BAD_SID',
            `sid must be a positive integer, found "${o.value ?? ''}"`,
            this.spanOf(l, o.offset),
          );
          bad = true;
        } else {
          sid = Number(o.value);
          sidOffset = o.offset;
        }
      } else if (this.badOptionValue(l, kw, o, unsupportedAt)) bad = true;
    }
    return { sid, sidOffset, bad };
  }

  /** priority, flow, content, ip_proto and unknown keywords; true when the value is wrong (reported). */
  private badOptionValue(l: LogicalLine, kw: string, o: RawOption, unsupportedAt: Unsupported): boolean {
    if (kw === 'priority') {
      const n = Number(o.value);
      if (o.value === undefined || !Number.isInteger(n) || n < 1 || n > 255) {
        this.err(
          'SURICATA_BAD_PRIORITY',
          `priority must be an integer 1–255, found "${o.value ?? ''}"`,
          this.spanOf(l, o.offset),
        );
        return true;
      }
    } else if (kw === 'flow') {
      for (const v of (o.value ?? '').split(',').map((s) => s.trim().toLowerCase())) {
        if (!FLOW_VALUES.has(v)) unsupportedAt.push({ what: `flow:${v}`, offset: o.offset });
      }
    } else if (kw === 'content') {
      const v = o.value ?? '';
      if (!/^!?\s*".*"$/s.test(v)) {
        this.err(
          'SURICATA_SYNTAX',
          `content value must be a quoted string, found ${v}`,
          this.spanOf(l, o.offset),
        );
        return true;
      }
    } else if (kw === 'ip_proto') {
      const v = (o.value ?? '').replace(/^[!<>]/, '').trim();
      if (!/^[0-9]+$/.test(v) && !/^[a-z0-9-]+$/i.test(v)) {
        this.err(
          'SURICATA_SYNTAX',
          `ip_proto value "${o.value ?? ''}" is not a protocol`,
          this.spanOf(l, o.offset),
        );
        return true;
      }
    } else if (!EVALUATED_KEYWORDS.has(kw) && !NO_EFFECT_KEYWORDS.has(kw)) {
      unsupportedAt.push({ what: o.keyword, offset: o.offset });
    }
    return false;
  }
}
