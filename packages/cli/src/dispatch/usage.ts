// `underlay help`: ip's usage, with underlay's own objects and options added.
import { OBJECTS } from "./objects.js";

export function usage(): string {
  const implemented = OBJECTS.flatMap((o) => (o.kind === "ip-only" ? [] : [{ name: o.names[0] as string, what: o.description }]));
  const objects = implemented.map((o) => `  ${o.name.padEnd(12)}${o.what}`);
  return `Usage: underlay [ OPTIONS ] OBJECT { COMMAND | help }
       underlay [ -force ] -batch filename
where  OBJECT := { ${implemented.map((o) => o.name).join(" | ")} }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -h[uman-readable] | -iec |
                    -j[son] | -p[retty] | -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 | -br[ief] | -o[neline] | -t[imestamp] | -ts[hort] |
                    -b[atch] [filename] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor][={always|auto|never}] | --debug }

Objects:
${objects.join("\n")}

Words are matched by prefix as ip matches them (ip l = ip link, a s = address show).
--debug hex-dumps and decodes every netlink message sent and received, on stderr.

Examples:
  underlay link show
  underlay -j -p -n blue addr show
  underlay link add mv0 link eth0 type macvlan mode bridge
  underlay vf show eth2
  underlay -j monitor link
  underlay -batch commands.txt
`;
}
