// Whether a netdev is the host's uplink, which passthrough must never hand to a container: a
// default route (IPv4 or IPv6, in any table) leaves through it — as its oif, as a nexthop of a
// multipath route, or through a nexthop object — itself or through a device stacked on it (the
// bridge or bond it is enslaved to, a vlan, macvlan or ipvlan on it, recursively); or an ip rule
// that names it (or such an upper) as iif or oif selects a table that has a default route.
import {
  constants as C,
  type Handle,
  type LinkMessage,
  NetlinkError,
  type NexthopMessage,
  type RouteMessage,
  type RuleMessage,
  routeTable,
  ruleTable,
  tableName,
} from "@underlay/netlink";

/** Kinds whose IFLA_LINK is the lower device their traffic goes through (a veth's is its peer). */
const STACKED_KINDS = new Set(["vlan", "macvlan", "macvtap", "ipvlan", "ipvtap"]);
/** How a kernel without nexthop objects refuses RTM_GETNEXTHOP. */
const NO_NEXTHOPS = new Set(["EOPNOTSUPP", "EINVAL", "EAFNOSUPPORT", "EPROTONOSUPPORT"]);

/**
 * Why `dev` carries, or is on the path of, the host's default route, as a sentence for an error
 * message; undefined when it is not. Reads links, routes of every table, rules and nexthops
 * through `h` (so in its netns). A missing dev throws the lookup's NetlinkError (ENODEV).
 */
export async function uplinkReason(h: Handle, dev: string): Promise<string | undefined> {
  const index = await h.promises.linkIndex(dev);
  const links = await h.promises.linkList();
  const stack = stackOf(links, index);
  const defaults = (await h.promises.routeList({ table: "all" })).filter(isDefault).sort(mainFirst);
  let nexthops: Map<number, NexthopMessage> | undefined;
  for (const r of defaults) {
    if (r.attrs.nhId !== undefined) nexthops ??= await nexthopsById(h);
    for (const use of devicesOf(r, nexthops)) {
      const via = stack.get(use.ifindex);
      if (via === undefined) continue;
      const details = [`table ${tableName(routeTable(r))}`, use.how, via].filter(Boolean).join(", ");
      return `netdevice ${dev} carries the host's ${familyName(r.header.family)} default route (${details})`;
    }
  }
  const byName = new Map(links.map((l) => [l.attrs.ifname, l.header.index]));
  for (const rule of await h.promises.ruleList()) {
    if (!selectsTable(rule)) continue;
    const table = ruleTable(rule);
    if (!defaults.some((r) => r.header.family === rule.header.family && routeTable(r) === table)) continue;
    for (const [key, name] of [
      ["iif", rule.attrs.iifname],
      ["oif", rule.attrs.oifname],
    ] as const) {
      const via = name === undefined ? undefined : stack.get(byName.get(name) ?? -1);
      if (via === undefined) continue;
      const what = `ip rule ${rule.attrs.priority ?? 0} "${key} ${name} lookup ${tableName(table)}" selects a table with a default route`;
      return `netdevice ${dev} is on the path of the host's ${familyName(rule.header.family)} default route (${[what, via].filter(Boolean).join(", ")})`;
    }
  }
  return undefined;
}

/**
 * dev's ifindex and those of every device stacked on it, each with how it is reached from dev:
 * "" for dev itself, "via its upper bridge br0", "via its upper macvlan mv0 over vlan eth1.100".
 */
function stackOf(links: LinkMessage[], index: number): Map<number, string> {
  const byIndex = new Map(links.map((l) => [l.header.index, l]));
  const chains = new Map<number, string[]>([[index, []]]);
  const queue = [index];
  for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
    const master = byIndex.get(at)?.attrs.master;
    const stacked = links.filter(
      (l) => l.attrs.link === at && l.attrs.linkNetnsid === undefined && STACKED_KINDS.has(l.attrs.linkinfo?.kind ?? ""),
    );
    for (const upper of [...(master ? [byIndex.get(master)] : []), ...stacked]) {
      if (!upper || chains.has(upper.header.index)) continue;
      chains.set(upper.header.index, [
        ...(chains.get(at) ?? []),
        `${upper.attrs.linkinfo?.kind ?? "device"} ${upper.attrs.ifname}`,
      ]);
      queue.push(upper.header.index);
    }
  }
  const phrase = (chain: string[]) => (chain.length ? `via its upper ${[...chain].reverse().join(" over ")}` : "");
  return new Map([...chains].map(([i, chain]) => [i, phrase(chain)]));
}

interface DeviceUse {
  ifindex: number;
  /** How the route reaches the device, when not as its plain oif. */
  how?: string;
}

/** The devices a route sends through: its nexthop object's, else its oif or multipath nexthops. */
function devicesOf(r: RouteMessage, nexthops: Map<number, NexthopMessage> | undefined): DeviceUse[] {
  const id = r.attrs.nhId;
  const nh = id === undefined ? undefined : nexthops?.get(id);
  if (nh?.attrs.group) {
    return nh.attrs.group.flatMap((g) => {
      const oif = nexthops?.get(g.id)?.attrs.oif;
      return oif === undefined ? [] : [{ ifindex: oif, how: `through nexthop group ${id}, member nexthop ${g.id}` }];
    });
  }
  if (nh?.attrs.oif !== undefined) return [{ ifindex: nh.attrs.oif, how: `through nexthop ${id}` }];
  // Without the nexthop (nexthop_compat_mode=1 also puts it here), or a route without one.
  const uses: DeviceUse[] = r.attrs.oif === undefined ? [] : [{ ifindex: r.attrs.oif }];
  for (const m of r.attrs.multipath ?? []) uses.push({ ifindex: m.ifindex, how: "as a nexthop of a multipath route" });
  return uses;
}

async function nexthopsById(h: Handle): Promise<Map<number, NexthopMessage>> {
  try {
    const list = await h.promises.nexthopList();
    return new Map(list.flatMap((n) => (n.attrs.id === undefined ? [] : [[n.attrs.id, n] as const])));
  } catch (e) {
    if (e instanceof NetlinkError && NO_NEXTHOPS.has(e.code)) return new Map();
    throw e;
  }
}

const isIp = (family: number) => family === C.AF_INET || family === C.AF_INET6;
/** A default route that forwards (not unreachable, blackhole, prohibit or throw). */
const isDefault = (r: RouteMessage) => isIp(r.header.family) && r.header.dstLen === 0 && r.header.type === C.RTN_UNICAST;
const familyName = (family: number) => (family === C.AF_INET6 ? "IPv6" : "IPv4");
/** The main table first, then by table number; IPv4 before IPv6. */
const mainFirst = (a: RouteMessage, b: RouteMessage) => {
  const rank = (r: RouteMessage) => (routeTable(r) === C.RT_TABLE_MAIN ? -1 : routeTable(r));
  return rank(a) - rank(b) || a.header.family - b.header.family;
};

/** An IPv4 or IPv6 rule that looks up a table for the packets it matches (not `not iif …`). */
function selectsTable(r: RuleMessage): boolean {
  return isIp(r.header.family) && r.header.action === C.FR_ACT_TO_TBL && (r.header.flags & C.FIB_RULE_INVERT) === 0;
}
