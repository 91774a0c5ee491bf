// The bond and vrf kinds on the guest rig's kernel (this host's has neither: skipped with the
// reason): options sent by linkAdd are read back from IFLA_INFO_DATA, and ports report their
// master's kind in IFLA_INFO_SLAVE_KIND.
import { constants as C, parseAttrs } from "@underlay/netlink";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../support/live.js";

let s: Scratch;
/** Raw attribute values by type, of a port's IFLA_INFO_SLAVE_DATA. */
const slaveData = (dev: string) =>
  new Map(parseAttrs(s.h.linkGet(dev).attrs.linkinfo?.slaveData as unknown as Buffer).map((a) => [a.type, a.value]));

describe("[guest] bond and vrf", () => {
  beforeEach((ctx) => {
    ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
    s = scratchNetns();
    try {
      s.h.linkAdd({ name: "probe", kind: "bond" });
      s.h.linkAdd({ name: "probev", kind: "vrf", table: 99 });
    } catch (e) {
      ctx.skip(true, `this kernel has no bond or vrf links (${(e as Error).message}): a [guest] test`);
    }
    s.h.linkAdd({ name: "va", kind: "veth", peer: { name: "vb" } });
  });
  afterEach(() => s?.dispose());

  it("[guest] a bond's mode, timers and hash policy read back; a port is a bond_slave", () => {
    s.h.linkAdd({ name: "bond0", kind: "bond", mode: "active-backup", miimon: 100, updelay: 200, downdelay: 300 });
    s.h.linkAdd({ name: "bond1", kind: "bond", mode: "802.3ad", xmitHashPolicy: "layer3+4", lacpRate: "fast", minLinks: 2 });
    expect(s.h.linkGet("bond0").attrs.linkinfo).toMatchObject({
      kind: "bond",
      data: { mode: 1, miimon: 100, updelay: 200, downdelay: 300 },
    });
    expect(s.h.linkGet("bond1").attrs.linkinfo?.data).toMatchObject({ mode: 4, xmitHashPolicy: 1, lacpRate: 1, minLinks: 2 });
    s.h.linkSet("va", { master: "bond0" });
    expect(s.h.linkGet("va").attrs.linkinfo?.slaveKind).toBe("bond");
    expect(slaveData("va").get(C.IFLA_BOND_SLAVE_STATE)?.readUInt8(0)).toBeDefined();
  });

  it("[guest] a vrf's table reads back, and its port carries it as IFLA_VRF_PORT_TABLE", () => {
    s.h.linkAdd({ name: "vrf0", kind: "vrf", table: 10 });
    expect(s.h.linkGet("vrf0").attrs.linkinfo).toMatchObject({ kind: "vrf", data: { table: 10 } });
    s.h.linkSet("va", { master: "vrf0" });
    expect(s.h.linkGet("va").attrs.linkinfo?.slaveKind).toBe("vrf");
    expect(slaveData("va").get(C.IFLA_VRF_PORT_TABLE)?.readUInt32LE(0)).toBe(10);
  });

  it("[guest] a bad mode or table is refused before any request, naming what is allowed", () => {
    expect(() => s.h.linkAdd({ name: "bx", kind: "bond", mode: "fastest" as "802.3ad" })).toThrow(/active-backup/);
    expect(() => s.h.linkAdd({ name: "vx", kind: "vrf", table: 0 })).toThrow(/1-4294967295/);
  });
});
