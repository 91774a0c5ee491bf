// The vxlan kind on the real kernel, in a throwaway netns: what linkAdd sends is what the kernel
// reports back in IFLA_INFO_DATA (VNI, endpoints, underlay link by name, port, learning).
import { ValidationError } from "@underlay/netlink";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../support/live.js";

let s: Scratch;
beforeEach((ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  s = scratchNetns();
  s.h.linkAdd({ name: "va", kind: "veth", peer: { name: "vb" } });
});
afterEach(() => s?.dispose());

describe("vxlan", () => {
  it("creates one over an underlay link and reads every option back", () => {
    s.h.linkAdd({ name: "vx0", kind: "vxlan", id: 42, local: "192.0.2.1", dev: "va", dstport: 4789, ttl: 9, learning: false });
    const info = s.h.linkGet("vx0").attrs.linkinfo;
    expect(info?.kind).toBe("vxlan");
    expect(info?.data).toMatchObject({
      id: 42,
      local: "192.0.2.1",
      link: s.h.linkGet("va").header.index,
      port: 4789,
      ttl: 9,
      learning: 0,
    });
  });

  it("a unicast remote and an IPv6 multicast group go in GROUP/GROUP6; the kernel's port is 8472", () => {
    s.h.linkAdd({ name: "vx1", kind: "vxlan", id: 1, remote: "192.0.2.9" });
    s.h.linkAdd({ name: "vx2", kind: "vxlan", id: 2, group: "ff05::100", dev: "va" });
    expect(s.h.linkGet("vx1").attrs.linkinfo?.data).toMatchObject({ group: "192.0.2.9", port: 8472, learning: 1 });
    expect(s.h.linkGet("vx2").attrs.linkinfo?.data).toMatchObject({ group6: "ff05::100" });
  });

  it("refuses a VNI out of range and an unknown underlay link by name", () => {
    expect(() => s.h.linkAdd({ name: "vx3", kind: "vxlan", id: 1 << 24 })).toThrow(ValidationError);
    expect(() => s.h.linkAdd({ name: "vx3", kind: "vxlan", id: 3, dev: "nosuch0" })).toThrow(/link add vx3: link nosuch0/);
    expect(s.h.linkList().map((l) => l.attrs.ifname)).not.toContain("vx3");
  });
});
