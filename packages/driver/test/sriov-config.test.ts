// How sriov network options become VF settings (no kernel): privileged and its overrides.
import { parseNetworkOptions } from "@underlay/driver";
import { describe, expect, it } from "vitest";
import { vfConfigFor } from "../src/modes/sriov.js";
import type { NetworkRecord } from "../src/store.js";

const net = (o: Record<string, string>): NetworkRecord => ({
  id: "n",
  options: parseNetworkOptions({ mode: "sriov", netdevice: "ens2f0", ...o }),
  internal: false,
  ipv4: [],
  ipv6: [],
});

describe("sriov VF settings from network options", () => {
  // Every setting is written, defaults included: a VF never keeps a previous tenant's VLAN or rate.
  const defaults = { vlan: 0, qos: 0, vlanProto: "802.1Q", linkState: "auto", minTxRate: 0, maxTxRate: 0 };
  it("default: VLAN 0, spoofchk on, trust off, link state auto, no rate limit, all written explicitly", () => {
    expect(vfConfigFor(net({}))).toEqual({ ...defaults, spoofchk: true, trust: false });
  });
  it("privileged=1: trust on, spoofchk off (the Mellanox plugin's meaning)", () => {
    expect(vfConfigFor(net({ privileged: "1" }))).toEqual({ ...defaults, spoofchk: false, trust: true });
  });
  it("spoofchk and trust override privileged one by one; VLAN, QoS, proto, rates, state, MTU and MAC pass through", () => {
    expect(
      vfConfigFor(
        net({
          privileged: "1",
          spoofchk: "on",
          vlan: "100",
          qos: "2",
          vlan_proto: "802.1ad",
          link_state: "enable",
          max_tx_rate: "500",
          mtu: "9000",
        }),
        "02:00:00:00:00:01",
      ),
    ).toEqual({
      spoofchk: true,
      trust: true,
      vlan: 100,
      qos: 2,
      vlanProto: "802.1ad",
      linkState: "enable",
      minTxRate: 0,
      maxTxRate: 500,
      mtu: 9000,
      mac: "02:00:00:00:00:01",
    });
  });
});
