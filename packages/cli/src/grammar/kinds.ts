// The words after `type KIND` in `link add`, one small reader per kind, like ip's link_util modules.
import {
  type BridgeOptions,
  type IPVLAN_FLAGS,
  IPVLAN_MODES,
  type IpvlanOptions,
  type KindOptions,
  knownKinds,
  MACVLAN_MODES,
  type MacvlanOptions,
  type VethPeer,
  VLAN_PROTOCOLS,
} from "@underlay/netlink";
import { readKeywords, UsageError, type Words } from "../words.js";
import { netnsRef } from "./link.js";

const keysOf = (o: object) => Object.keys(o);

const READERS: Record<string, (w: Words) => KindOptions> = {
  macvlan: (w) => {
    const o: MacvlanOptions = { kind: "macvlan" };
    readKeywords(w, {
      mode: (w) => {
        o.mode = w.oneOf("macvlan mode", keysOf(MACVLAN_MODES) as (keyof typeof MACVLAN_MODES)[]);
      },
      nopromisc: () => {
        o.nopromisc = true;
      },
    });
    return o;
  },
  ipvlan: (w) => {
    const o: IpvlanOptions = { kind: "ipvlan" };
    const flag = (f: keyof typeof IPVLAN_FLAGS) => () => {
      o.flag = f;
    };
    readKeywords(w, {
      mode: (w) => {
        o.mode = w.oneOf("ipvlan mode", keysOf(IPVLAN_MODES) as (keyof typeof IPVLAN_MODES)[]);
      },
      bridge: flag("bridge"),
      private: flag("private"),
      vepa: flag("vepa"),
    });
    return o;
  },
  vlan: (w) => {
    let id: number | undefined;
    let protocol: keyof typeof VLAN_PROTOCOLS | undefined;
    readKeywords(w, {
      id: (w) => {
        id = w.int("id", 0, 4094);
      },
      protocol: (w) => {
        // ip accepts 802.1q and 802.1Q alike.
        const p = w.value("protocol").replace(/q$/, "Q");
        protocol = p in VLAN_PROTOCOLS ? (p as keyof typeof VLAN_PROTOCOLS) : w.unknown(p, keysOf(VLAN_PROTOCOLS));
      },
    });
    if (id === undefined) throw new UsageError("link add: a vlan needs an id: type vlan id VID [protocol 802.1Q|802.1ad]");
    return { kind: "vlan", id, ...(protocol ? { protocol } : {}) };
  },
  veth: (w) => {
    const peer: VethPeer = {};
    readKeywords(w, {
      peer: (w) =>
        readKeywords(
          w,
          {
            name: (w) => {
              peer.name = w.value("peer name");
            },
            address: (w) => {
              peer.address = w.value("peer address");
            },
            mtu: (w) => {
              peer.mtu = w.int("peer mtu", 0, 0xffffffff);
            },
            netns: (w) => {
              peer.netns = netnsRef(w.value("peer netns"));
            },
          },
          (word) => {
            peer.name = word;
          },
        ),
    });
    return { kind: "veth", peer };
  },
  dummy: (w) => {
    readKeywords(w, {});
    return { kind: "dummy" };
  },
  bridge: (w) => {
    const o: BridgeOptions = { kind: "bridge" };
    readKeywords(w, {
      stp_state: (w) => {
        o.stp = w.int("stp_state", 0, 1) === 1;
      },
      vlan_filtering: (w) => {
        o.vlanFiltering = w.int("vlan_filtering", 0, 1) === 1;
      },
    });
    return o;
  },
};

/** Reads the rest of the words as options of `kind`. */
export function kindOptions(kind: string, w: Words): KindOptions {
  const reader = Object.hasOwn(READERS, kind) ? READERS[kind] : undefined;
  if (!reader) throw new UsageError(`link add: unknown type "${kind}": known types are ${knownKinds().join(", ")}`);
  return reader(w);
}
