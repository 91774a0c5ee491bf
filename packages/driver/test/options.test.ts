// Network options: Docker's, the Mellanox plugin's and ours, each validated with an error that
// names the allowed values. No kernel involved.
import { OptionError, parseNetworkOptions } from "@underlay/driver";
import { describe, expect, it } from "vitest";

describe("accepted options", () => {
  it("Docker's macvlan options, with Docker's defaults", () => {
    expect(parseNetworkOptions({ parent: "eth0.50" })).toMatchObject({
      mode: "macvlan",
      parent: "eth0.50",
      macvlanMode: "bridge",
      prefix: "eth",
    });
    expect(parseNetworkOptions({ macvlan_mode: "vepa", "com.docker.network.driver.mtu": "1400" })).toMatchObject({
      macvlanMode: "vepa",
      mtu: 1400,
      parent: "",
    });
  });
  it("Docker's ipvlan options", () => {
    expect(parseNetworkOptions({ mode: "ipvlan", parent: "eth0", ipvlan_mode: "l3", ipvlan_flag: "private" })).toMatchObject({
      ipvlanMode: "l3",
      ipvlanFlag: "private",
    });
  });
  it("the Mellanox plugin's sriov options (netdevice, mode, vlan, privileged) unchanged", () => {
    expect(parseNetworkOptions({ netdevice: "ens2f0", mode: "sriov", vlan: "100", privileged: "1" })).toMatchObject({
      mode: "sriov",
      parent: "ens2f0",
      vlan: 100,
      privileged: true,
    });
    expect(parseNetworkOptions({ netdevice: "ens2f1", mode: "passthrough" })).toMatchObject({
      mode: "passthrough",
      parent: "ens2f1",
      force: false,
    });
  });
  it("the default mode can come from the driver name (the sriov alias socket)", () => {
    expect(parseNetworkOptions({ netdevice: "ens2f0" }, "sriov").mode).toBe("sriov");
  });
  it("addr_probe and addr_probe_ms, in every mode; unset, addr_probe follows the network's scope", () => {
    expect(parseNetworkOptions({ parent: "eth0", addr_probe: "on", addr_probe_ms: "200" })).toMatchObject({
      addrProbe: true,
      addrProbeMs: 200,
    });
    expect(parseNetworkOptions({ mode: "sriov", netdevice: "p0", addr_probe: "off" })).toMatchObject({ addrProbe: false });
    expect(parseNetworkOptions({ mode: "passthrough", netdevice: "p0", addr_probe: "1" })).toMatchObject({ addrProbe: true });
    expect(parseNetworkOptions({ mode: "ipvlan", parent: "eth0" })).not.toHaveProperty("addrProbe");
  });
  it("sriov overrides", () => {
    expect(
      parseNetworkOptions({
        mode: "sriov",
        netdevice: "ens2f0",
        vlan: "7",
        qos: "3",
        vlan_proto: "802.1ad",
        spoofchk: "off",
        trust: "on",
        link_state: "enable",
        min_tx_rate: "10",
        max_tx_rate: "100",
        mtu: "9000",
        numvfs: "8",
      }),
    ).toMatchObject({
      vlan: 7,
      qos: 3,
      vlanProto: "802.1ad",
      spoofchk: false,
      trust: true,
      linkState: "enable",
      minTxRate: 10,
      maxTxRate: 100,
      mtu: 9000,
      numvfs: 8,
    });
  });
});

describe("refused options", () => {
  it.each([
    [{ mode: "bridge" }, 'invalid mode "bridge": allowed values are sriov, passthrough, macvlan, ipvlan'],
    [{ macvlan_mode: "source" }, 'invalid macvlan_mode "source": allowed values are bridge, vepa, private, passthru'],
    [{ mode: "ipvlan", ipvlan_mode: "l4" }, 'invalid ipvlan_mode "l4": allowed values are l2, l3, l3s'],
    [{ mode: "ipvlan", ipvlan_flag: "x" }, 'invalid ipvlan_flag "x": allowed values are bridge, private, vepa'],
    [{ mode: "sriov", netdevice: "p0", vlan: "4095" }, 'invalid vlan "4095": allowed values are 0-4094'],
    [{ mode: "sriov", netdevice: "p0", vlan: "abc" }, 'invalid vlan "abc": allowed values are 0-4094'],
    [{ mode: "sriov", netdevice: "p0", vlan: "5", qos: "8" }, 'invalid qos "8": allowed values are 0-7'],
    [
      { mode: "sriov", netdevice: "p0", vlan: "5", vlan_proto: "802.1x" },
      'invalid vlan_proto "802.1x": allowed values are 802.1Q, 802.1ad',
    ],
    [{ mode: "sriov", netdevice: "p0", qos: "3" }, "qos and vlan_proto need a non-zero vlan"],
    [
      { mode: "sriov", netdevice: "p0", privileged: "maybe" },
      'invalid privileged "maybe": allowed values are 1, 0, true, false, on, off',
    ],
    [{ mode: "sriov", netdevice: "p0", link_state: "up" }, 'invalid link_state "up": allowed values are auto, enable, disable'],
    [{ mode: "sriov" }, "mode sriov needs netdevice (or parent): the PF"],
    [{ mode: "passthrough" }, "mode passthrough needs netdevice (or parent): the netdev to hand over"],
    [{ "com.docker.network.driver.mtu": "20" }, 'invalid com.docker.network.driver.mtu "20": allowed values are 68-65535'],
    [{ parent: "a-name-far-too-long" }, "invalid parent"],
    [{ parent: "eth0", netdevice: "eth1" }, 'parent "eth0" and netdevice "eth1" disagree: give one of them'],
    [{ prefix: "0eth" }, 'invalid prefix "0eth"'],
    [{ parent: "eth0", addr_probe: "maybe" }, 'invalid addr_probe "maybe": allowed values are 1, 0, true, false, on, off'],
    [{ parent: "eth0", addr_probe_ms: "5" }, 'invalid addr_probe_ms "5": allowed values are 10-5000'],
    [{ addr_probe: "on" }, "addr_probe needs a parent: a network without one reaches nobody who could answer"],
    [
      { vlan: "5" },
      "unknown option vlan for mode macvlan: known options are mode, parent, netdevice, prefix, com.docker.network.driver.mtu, macvlan_mode, addr_probe, addr_probe_ms",
    ],
    [
      { mode: "passthrough", netdevice: "x", force: "1", macvlan_mode: "bridge" },
      "unknown option macvlan_mode for mode passthrough",
    ],
  ])("%j", (opts, message) => {
    expect(() => parseNetworkOptions(opts)).toThrow(OptionError);
    expect(() => parseNetworkOptions(opts)).toThrow(message);
  });
});
