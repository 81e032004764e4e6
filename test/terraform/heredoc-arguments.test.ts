/**
 * Fuzz long run session8-million, tf-hcl:109326 and 118584 (issue 21): a 5,000-line heredoc given to a function
 * (`user_data = base64encode(<<-EOF`) took 4.0 s for 259 KB in the Go HCL parser. heredoc-literal.ts now hands
 * every long literal heredoc to the parser as a quoted string, also inside an expression, where the converter then
 * returns `${base64encode("…")}` instead of `${base64encode(<<-EOF …)}`. This test imports each configuration twice —
 * with the rewrite, and with it switched off (the heredoc as written) — and asserts that the rewrite happened and
 * that the evaluated values (Name tag, user_data's OS configuration, Suricata rules) and every diagnostic, with
 * its position inside the script, are the same; the values and positions are also checked against hand-derived ones.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { loadInputs } from '../../src/formats/load.js';
import type { ImportResult } from '../../src/formats/import-result.js';
import { writeTree } from './helpers.js';

const rewrite = vi.hoisted(() => ({ on: true, outputs: [] as string[] }));
vi.mock('../../src/formats/terraform/heredoc-literal.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/formats/terraform/heredoc-literal.js')>();
  return {
    ...m,
    quoteLongHeredocs: (text: string, minLines?: number): string => {
      const out = rewrite.on ? m.quoteLongHeredocs(text, minLines) : text;
      rewrite.outputs.push(out);
      return out;
    },
  };
});

/** Load `main.tf` with the rewrite on and off; the text the parser was given with it on. */
async function both(mainTf: string): Promise<{ on: ImportResult; off: ImportResult; parsed: string }> {
  const dir = writeTree({ 'main.tf': mainTf });
  rewrite.on = false;
  const off = await loadInputs([dir], {});
  rewrite.on = true;
  rewrite.outputs.length = 0;
  const on = await loadInputs([dir], {});
  return { on, off, parsed: rewrite.outputs.join('\n') };
}

const where = (ds: readonly Diagnostic[], code: string) =>
  ds.filter((d) => d.code === code).map((d) => [d.span?.line, d.span?.col]);

/** `n` filler lines of a shell script, each with characters the quoted form escapes. */
const filler = (n: number, indent = '') =>
  Array.from({ length: n }, (_, k) => `${indent}echo "line ${k}" \\ 'a\tb' \\u0041 >> /tmp/log`);

const vpc = (name: string) => `resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags = {
    Name = ${name}
  }
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
`;

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('long literal heredocs inside expressions: the same values and positions as written', () => {
  it('<< in a nested call in a list (aws_instance user_data), <<- in trimspace() in a tags map', async () => {
    const script = [
      '#!/bin/bash',
      'sysctl -w net.ipv4.ip_forward=1',
      ...filler(210),
      'sysctl -w net.ipv4.bogus_key=1',
      'iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE',
    ];
    const name = filler(205, '      ');
    const head = vpc(`trimspace(<<-EOT\n${name.join('\n')}\n    EOT\n    )`);
    const mainTf = `${head}
resource "aws_instance" "nat" {
  ami               = "ami-12345678"
  instance_type     = "t3.micro"
  subnet_id         = aws_subnet.a.id
  source_dest_check = false
  user_data = join("", [lower(upper(<<EOF
${script.join('\n')}
EOF
  )), "\\n"])
}
`;
    const { on, off, parsed } = await both(mainTf);
    // The rewrite happened: no heredoc reached the parser, every line kept its number.
    expect(parsed).not.toContain('<<');
    expect(parsed.split('\n')).toHaveLength(mainTf.split('\n').length);
    // The Name tag: the heredoc's lines without their 6 spaces of indentation, trimmed (trimspace).
    const want = name.map((l) => l.slice(6)).join('\n');
    expect(on.network.vpcs.map((v) => v.name)).toEqual([want]);
    // user_data: forwarding on; the script starts on the line after `user_data = …<<EOF`, the bogus key is its
    // 213th line (1 + 1 + 210 + 1), at column 11 after `sysctl -w `.
    const inst = on.network.instances.find((i) => i.id.includes('nat'));
    expect(inst?.os?.ipForward).toBe(true);
    expect(where(on.diagnostics, 'SYSCTL_UNKNOWN_KEY')).toEqual([[lineOf(mainTf, 'user_data') + 213, 11]]);
    expect(on.network).toEqual(off.network);
    expect(on.diagnostics).toEqual(off.diagnostics);
  });

  it('<<- in base64encode() of a launch template, the closing parenthesis on the next line (tf-hcl:109326)', async () => {
    const body = [
      '#!/bin/bash',
      'sysctl -w net.ipv4.ip_forward=1',
      ...filler(300),
      'sysctl -w net.ipv4.nope=1',
    ];
    const mainTf = `${vpc('"main"')}
resource "aws_launch_template" "nat" {
  image_id      = "ami-12345678"
  instance_type = "t3.micro"
  user_data = base64encode(<<-EOF
${body.map((l) => `    ${l}`).join('\n')}
  EOF
  )
}

resource "aws_autoscaling_group" "nat" {
  desired_capacity    = 1
  min_size            = 1
  max_size            = 1
  vpc_zone_identifier = [aws_subnet.a.id]
  launch_template {
    id = aws_launch_template.nat.id
  }
}
`;
    const { on, off, parsed } = await both(mainTf);
    expect(parsed).not.toContain('<<');
    expect(where(on.diagnostics, 'SYSCTL_UNKNOWN_KEY')).toHaveLength(1);
    expect(on.network).toEqual(off.network);
    expect(on.diagnostics).toEqual(off.diagnostics);
  });

  it('Suricata rules as trimspace(<<-EOT) in a rule group: each rule at its own line', async () => {
    const rules = Array.from(
      { length: 220 },
      (_, k) => `pass tcp 10.0.0.0/16 any -> any 443 (sid:${k + 1};)`,
    );
    rules.splice(150, 0, 'pass tcp any any -> any 99999 (sid:9999;)');
    const mainTf = `${vpc('"main"')}
resource "aws_networkfirewall_rule_group" "rg" {
  name     = "rg"
  type     = "STATEFUL"
  capacity = 100
  rules = trimspace(<<-EOT
${rules.map((l) => `    ${l}`).join('\n')}
  EOT
  )
}
`;
    const { on, off, parsed } = await both(mainTf);
    expect(parsed).not.toContain('<<');
    // The 151st rule, on the 151st line after the opener, from column 5 (4 spaces stripped by <<-).
    const bad = lineOf(mainTf, 'trimspace(<<-EOT') + 151;
    expect(on.diagnostics.filter((d) => d.span?.line === bad).length).toBeGreaterThan(0);
    expect(on.network).toEqual(off.network);
    expect(on.diagnostics).toEqual(off.diagnostics);
  });

  it('CRLF line ends: the carriage returns stay in the value, as HCL keeps them', async () => {
    const name = filler(205, '  ');
    const mainTf = vpc(`upper(<<-EOT\n${name.join('\n')}\n    EOT\n  )`).replace(/\n/g, '\r\n');
    const { on, off, parsed } = await both(mainTf);
    expect(parsed).not.toContain('<<');
    const want = name.map((l) => `${l.slice(2).toUpperCase()}\r\n`).join('');
    expect(on.network.vpcs.map((v) => v.name)).toEqual([want]);
    expect(on.network).toEqual(off.network);
    expect(on.diagnostics).toEqual(off.diagnostics);
  });

  it('a heredoc left as written (a directive in it) keeps an inner `cat <<CONF` as its text', async () => {
    const mainTf = `${vpc('"main"')}
resource "aws_instance" "nat" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.a.id
  user_data = <<EOF
#!/bin/bash
echo %{ if true }\${aws_vpc.main.cidr_block}%{ endif }
cat <<CONF
${filler(250).join('\n')}
CONF
sysctl -w net.ipv4.ip_forward=1
EOF
}
`;
    const { on, off, parsed } = await both(mainTf);
    expect(parsed).toBe(mainTf);
    const inst = on.network.instances.find((i) => i.id.includes('nat'));
    expect(inst?.os?.ipForward).toBe(true);
    expect(on.network).toEqual(off.network);
    expect(on.diagnostics).toEqual(off.diagnostics);
  });

  it('a long <<- template heredoc (fuzz session15b-million tf-hcl:98010): the same values, quoted', async () => {
    // Interpolations at a line's start (then <<- strips nothing: HCL counts no indentation before one), after
    // spaces, and the escape $${ (literal text in both forms).
    const script = [
      '    #!/bin/bash',
      '    sysctl -w net.ipv4.ip_forward=1',
      ...filler(240, '    '),
      '    echo ${aws_vpc.main.cidr_block} $${HOME} > /tmp/cidr',
      '    sysctl -w net.ipv4.bogus=${var.v}',
    ];
    const mainTf = `${vpc('"main"')}
variable "v" {
  default = "1"
}

resource "aws_instance" "nat" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.a.id
  user_data     = <<-EOF
${script.join('\n')}
  EOF
}

resource "aws_instance" "flush" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.a.id
  user_data     = <<-EOF
${script.join('\n')}
\${var.v}
  EOF
}
`;
    const { on, off, parsed } = await both(mainTf);
    expect(parsed).not.toContain('<<');
    expect(parsed.split('\n')).toHaveLength(mainTf.split('\n').length);
    for (const id of ['nat', 'flush']) {
      const inst = on.network.instances.find((i) => i.id.includes(id));
      expect(inst?.os?.ipForward).toBe(true);
    }
    // net.ipv4.bogus is unknown in both scripts, on the script's 244th line (2 + 240 + 2). Its column is the one in
    // the script's value, as for every heredoc without the rewrite too: 11 (after `sysctl -w `) in the first, whose 4
    // spaces <<- strips; 15 in the second, where a line that starts with ${ makes <<- strip nothing.
    const first = lineOf(mainTf, 'user_data     = <<-EOF');
    const second =
      mainTf.split('\n').findIndex((l, k) => k >= first && l.includes('user_data     = <<-EOF')) + 1;
    expect(where(on.diagnostics, 'SYSCTL_UNKNOWN_KEY').sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0))).toEqual([
      [first + 244, 11],
      [second + 244, 15],
    ]);
    expect(on.network).toEqual(off.network);
    expect(on.diagnostics).toEqual(off.diagnostics);
  });
});
