// IFLA_INFO_DATA as `ip -j -d link show` prints it: iproute2's key names, and modes, flags and
// protocols by name rather than number. Kinds without a mapping get their fields in snake_case.
import { constants as C, IPVLAN_FLAGS, IPVLAN_MODES, MACVLAN_MODES, VLAN_PROTOCOLS } from "@underlay/netlink";

type Data = Record<string, unknown>;

const nameIn = (table: Record<string, number>, value: unknown) => Object.keys(table).find((k) => table[k] === value) ?? value;
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
// Attributes we have no schema for stay out, as in ip's output; `decode` and --debug show them.
const snakeKeys = (d: Data): Data =>
  Object.fromEntries(
    Object.entries(d)
      .filter(([k]) => k !== "unknown")
      .map(([k, v]) => [snake(k), v]),
  );
const defined = (d: Data): Data => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined));

const BY_KIND: Record<string, (d: Data) => Data> = {
  macvlan: (d) => ({
    mode: nameIn(MACVLAN_MODES, d.mode),
    ...((Number(d.flags) & C.MACVLAN_FLAG_NOPROMISC) !== 0 ? { nopromisc: true } : {}),
    bcqueuelen: d.bcQueueLen,
    usedbcqueuelen: d.bcQueueLenUsed,
  }),
  ipvlan: (d) => ({ mode: nameIn(IPVLAN_MODES, d.mode), flags: nameIn(IPVLAN_FLAGS, d.flags ?? 0) }),
  vlan: (d) => ({ protocol: nameIn(VLAN_PROTOCOLS, d.protocol), id: d.id }),
  bridge: (d) => ({
    ...snakeKeys(d),
    ...(d.vlanProtocol === undefined ? {} : { vlan_protocol: nameIn(VLAN_PROTOCOLS, d.vlanProtocol) }),
  }),
};

export function infoDataJson(kind: string, data: Data): Data {
  const map = Object.hasOwn(BY_KIND, kind) ? BY_KIND[kind] : undefined;
  return defined(map ? map(data) : snakeKeys(data));
}
