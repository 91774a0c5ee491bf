// Kernel flag bits under the names ip prints, in ip's order: link flags (IFF_*), address flags
// (IFA_F_*), route next-hop flags (RTNH_F_*).
import { constants as C } from "@underlay/netlink";

export const IFF_NAMES = {
  LOOPBACK: C.IFF_LOOPBACK,
  BROADCAST: C.IFF_BROADCAST,
  POINTOPOINT: C.IFF_POINTOPOINT,
  MULTICAST: C.IFF_MULTICAST,
  NOARP: C.IFF_NOARP,
  ALLMULTI: C.IFF_ALLMULTI,
  PROMISC: C.IFF_PROMISC,
  MASTER: C.IFF_MASTER,
  SLAVE: C.IFF_SLAVE,
  DEBUG: C.IFF_DEBUG,
  DYNAMIC: C.IFF_DYNAMIC,
  AUTOMEDIA: C.IFF_AUTOMEDIA,
  PORTSEL: C.IFF_PORTSEL,
  NOTRAILERS: C.IFF_NOTRAILERS,
  UP: C.IFF_UP,
  LOWER_UP: C.IFF_LOWER_UP,
  DORMANT: C.IFF_DORMANT,
  ECHO: C.IFF_ECHO,
};

// PERMANENT is missing on purpose: ip shows its absence, as "dynamic".
export const IFA_NAMES = {
  secondary: C.IFA_F_SECONDARY,
  nodad: C.IFA_F_NODAD,
  optimistic: C.IFA_F_OPTIMISTIC,
  dadfailed: C.IFA_F_DADFAILED,
  home: C.IFA_F_HOMEADDRESS,
  deprecated: C.IFA_F_DEPRECATED,
  tentative: C.IFA_F_TENTATIVE,
  mngtmpaddr: C.IFA_F_MANAGETEMPADDR,
  noprefixroute: C.IFA_F_NOPREFIXROUTE,
  autojoin: C.IFA_F_MCAUTOJOIN,
  "stable-privacy": C.IFA_F_STABLE_PRIVACY,
};

export const RTNH_NAMES = {
  dead: C.RTNH_F_DEAD,
  pervasive: C.RTNH_F_PERVASIVE,
  onlink: C.RTNH_F_ONLINK,
  offload: C.RTNH_F_OFFLOAD,
  linkdown: C.RTNH_F_LINKDOWN,
};

/** The names of the bits set in `value`, in the table's order. */
export function namesOf(value: number, table: Record<string, number>): string[] {
  return Object.entries(table)
    .filter(([, bit]) => value & bit)
    .map(([name]) => name);
}
