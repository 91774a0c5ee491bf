// The names ip gives route numbers (lib/rt_names.c and /etc/iproute2/rt_*): protocols, tables,
// types, scopes. Each is read as a name or a number, and printed as its name or the number.
import { constants as C } from "@underlay/netlink";

/** A two-way table: name → number, number → name (the first name listed for it). */
export class Names {
  private readonly byNumber = new Map<number, string>();
  constructor(
    private readonly byName: Record<string, number>,
    private readonly max = 0xff,
  ) {
    for (const [name, n] of Object.entries(byName)) if (!this.byNumber.has(n)) this.byNumber.set(n, name);
  }
  /** The number for `word` (a name or a decimal/hex number), or undefined. */
  number(word: string): number | undefined {
    if (Object.hasOwn(this.byName, word)) return this.byName[word];
    const n = /^(0x[0-9a-f]+|\d+)$/i.test(word) ? Number(word) : Number.NaN;
    return Number.isInteger(n) && n >= 0 && n <= this.max ? n : undefined;
  }
  /** Its name, or the number itself with ip -N (as rt_names.c's n2a functions under `numeric`). */
  name(n: number, numeric = false): string {
    return (numeric ? undefined : this.byNumber.get(n)) ?? String(n);
  }
  get names(): string[] {
    return Object.keys(this.byName);
  }
}

// /etc/iproute2/rt_protos as iproute2 6.1 ships it.
export const PROTOCOLS = new Names({
  unspec: 0,
  redirect: 1,
  kernel: C.RTPROT_KERNEL,
  boot: C.RTPROT_BOOT,
  static: C.RTPROT_STATIC,
  gated: 8,
  ra: C.RTPROT_RA,
  mrt: 10,
  zebra: 11,
  bird: 12,
  dnrouted: 13,
  xorp: 14,
  ntk: 15,
  dhcp: C.RTPROT_DHCP,
  keepalived: 18,
  babel: 42,
  openr: 99,
  bgp: 186,
  isis: 187,
  ospf: 188,
  rip: 189,
  eigrp: 192,
});

export const TABLES = new Names(
  { local: C.RT_TABLE_LOCAL, main: C.RT_TABLE_MAIN, default: C.RT_TABLE_DEFAULT, unspec: C.RT_TABLE_UNSPEC },
  0xffffffff,
);

// rtnl_rtntype_n2a's names (RTN_*), in RTN_* order.
export const TYPES = new Names({
  unspec: C.RTN_UNSPEC,
  unicast: C.RTN_UNICAST,
  local: C.RTN_LOCAL,
  broadcast: C.RTN_BROADCAST,
  anycast: C.RTN_ANYCAST,
  multicast: C.RTN_MULTICAST,
  blackhole: C.RTN_BLACKHOLE,
  unreachable: C.RTN_UNREACHABLE,
  prohibit: C.RTN_PROHIBIT,
  throw: 9,
  nat: 10,
  xresolve: 11,
});

// /etc/iproute2/rt_scopes.
export const SCOPES = new Names({
  global: C.RT_SCOPE_UNIVERSE,
  nowhere: 255,
  host: C.RT_SCOPE_HOST,
  link: C.RT_SCOPE_LINK,
  site: C.RT_SCOPE_SITE,
});
