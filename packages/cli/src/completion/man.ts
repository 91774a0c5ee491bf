// `underlay completion man`: underlay(8) in roff (man(7) macros), from the same model as shell
// completion: the options from the global options table, each object with its usage (an ip
// object's usage text, an own object's commander help), the examples of `underlay help`.
import type { CommandTree } from "./commander-tree.js";
import type { CliModel, GlobalOption } from "./model.js";

/** What each option does, in ip(8)'s words; an option the table gains without one still appears. */
const MEANING: Record<string, string> = {
  "-debug": "hex-dump and decode every netlink message sent and received, on standard error (underlay's own)",
  "-version": "print the version and exit",
  "-Version": "print the version and exit",
  "-loops": "accepted for ip's sake and ignored (flush loops)",
  "-family": "the protocol family: one of FAMILIES",
  "-4": "shortcut for -family inet",
  "-6": "shortcut for -family inet6",
  "-0": "shortcut for -family link",
  "-M": "shortcut for -family mpls",
  "-B": "shortcut for -family bridge",
  "-human": "output statistics with human readable values followed by a suffix",
  "-human-readable": "the same as -human",
  "-iec": "print human readable rates in IEC units (as -human here)",
  "-stats": "output more information; given twice, more still (error counters)",
  "-statistics": "the same as -stats",
  "-details": "output more detailed information (link kinds and their attributes)",
  "-resolve": "accepted for ip's sake (names are not resolved)",
  "-oneline": "output each record on a single line",
  "-timestamp": "with monitor, print a timestamp before each event",
  "-tshort": "as -timestamp, in the shorter format",
  "-force": "with -batch, do not stop at the first failing line",
  "-batch": "read commands from the file (or standard input when it is -) and run each",
  "-brief": "print only basic information in a tabular format",
  "-json": "output results in JSON, with the key names of ip -j",
  "-pretty": "with -json, indent the JSON for readability",
  "-rcvbuf": "accepted for ip's sake and ignored (socket receive buffer size)",
  "-help": "print the usage and exit",
  "-netns": "run the command in the network namespace NETNS (/run/netns/NETNS)",
  "-Numeric": "print protocols, scopes and tables as numbers",
  "-all": "with -netns or -batch, apply to all namespaces (accepted)",
  "-echo": "print back what the kernel sent for the request",
};

/** Text for roff: backslashes escaped, other than ASCII as groff's \[uXXXX], a line starting with . or ' kept from being a request. */
function roff(text: string): string {
  return text
    .replace(/\\/g, "\\e")
    .replace(/[^\p{ASCII}]/gu, (c) => `\\[u${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0")}]`)
    .replace(/\t/g, "        ")
    .split("\n")
    .map((l) => (/^[.']/.test(l) ? `\\&${l}` : l))
    .join("\n");
}
const dash = (s: string) => s.replace(/-/g, "\\-");
const verbatim = (text: string) => `.PP\n.nf\n${roff(text.replace(/\n+$/, ""))}\n.fi`;

/** -s[tats]: the shortest word that selects the option, the rest in brackets, as ip's usage writes it. */
function optionSpelling(o: GlobalOption): string {
  const short = o.shortest ?? o.name;
  const rest = o.name.slice(short.length);
  return `.BR ${dash(short)}${rest ? ` [ ${dash(rest)} ]` : ""}${o.takesValue ? ` " " ${o.name === "-netns" ? "NETNS" : o.name === "-batch" ? "FILE" : "VALUE"}` : ""}`;
}

function options(m: CliModel): string {
  const items = m.options.map((o) => {
    const meaning = (MEANING[o.name] ?? "accepted as ip(8) accepts it").replace("FAMILIES", m.families.join(", "));
    return `.TP\n${optionSpelling(o)}\n${roff(meaning)}.`;
  });
  items.push(
    `.TP\n.BR \\-c [ olor ][ =${m.colors.join("|")} ]\ncolour the output (\\-c alone: always; auto: when standard output is a terminal).`,
  );
  return items.join("\n");
}

/** An own object's help and its subcommands', as commander prints them. */
function commanderHelp(t: CommandTree): string[] {
  return [verbatim(t.help), ...t.subcommands.flatMap(commanderHelp)];
}

function objects(m: CliModel): string {
  return m.objects
    .flatMap((o) => {
      if (o.kind === "ip-only") return [];
      const names = o.names.map(dash).join(", ");
      const head = `.SS ${names}\n${roff(o.description)}.`;
      if (o.kind === "ip") return [`${head}\n${verbatim(o.usage)}`];
      return [`${head}\n${commanderHelp(o.tree).join("\n")}`];
    })
    .join("\n");
}

/** The example lines of `underlay help`. */
function examples(m: CliModel): string {
  const lines = m.usage.split("\n");
  const from = lines.findIndex((l) => /^Examples:/.test(l));
  const list = from < 0 ? [] : lines.slice(from + 1).filter((l) => /^\s+underlay /.test(l));
  return list.map((l) => `.PP\n.B ${dash(roff(l.trim()))}`).join("\n");
}

export function manPage(m: CliModel): string {
  const ipOnly = m.objects.flatMap((o) => (o.kind === "ip-only" ? o.names : []));
  const implemented = m.objects.filter((o) => o.kind !== "ip-only").map((o) => o.names[0] as string);
  return `.\\" underlay(8), generated by \`underlay completion man\` from the CLI's own tables.
.TH UNDERLAY 8 "" "underlay ${m.version}" "System Administration"
.SH NAME
underlay \\- netlink debugging in ip's grammar, SR\\-IOV control, and a Docker network driver
.SH SYNOPSIS
.B underlay
[
.I OPTIONS
]
.I OBJECT
{
.I COMMAND
|
.B help
}
.br
.B underlay
[
.B \\-force
]
.B \\-batch
.I FILE
.br
.B underlay completion
{
.BR bash " | " zsh " | " man
}
.SH DESCRIPTION
.B underlay
reads the command lines of
.BR ip (8)
for the objects ${implemented
    .filter((n) => m.objects.some((o) => o.kind === "ip" && o.names[0] === n))
    .map((n) => `\\fB${n}\\fR`)
    .join(", ")}
as ip reads them: options, objects, commands and keywords are matched by prefix, the first in ip's order winning
(\\fBunderlay l s\\fR is \\fBunderlay link set\\fR).
It prints what ip prints, or JSON with ip's key names (\\-j), and exits with ip's exit codes.
Its own objects (${m.objects
    .filter((o) => o.kind === "commander")
    .map((o) => o.names[0])
    .join(", ")}) take long options and \\-\\-help.
The other objects of ip (${dash(ipOnly.join(", "))}) are recognised and refused with a pointer to ip.
.PP
\\fBunderlay OBJECT help\\fR prints the object's usage on standard output and exits 0 (ip prints it on standard error and exits 255).
.SH OPTIONS
Options come before the object; each may be shortened as shown (the part in brackets may be left out) and written with one dash or two.
${options(m)}
.SH OBJECTS
${objects(m)}
.SH EXIT STATUS
.TP
.B 0
success.
.TP
.B 255
the command line could not be read (an unknown object, command, keyword or option, or a bad value), as ip's exit(\\-1).
.TP
.B 2
the kernel refused the request ("RTNETLINK answers: ...").
.TP
.B 1
any other failure, such as a device that does not exist.
.SH EXAMPLES
${examples(m)}
.SH FILES
.TP
.I /run/netns
where the namespaces \\-netns names are found.
.SH SEE ALSO
.BR ip (8),
.BR ip\\-link (8),
.BR ip\\-address (8),
.BR ip\\-route (8),
.BR ip\\-neighbour (8),
.BR ip\\-rule (8),
.BR ip\\-monitor (8)
`;
}
