// SYNTHETIC, on the host (no netdevsim here): a PF with 256 VFs answered by the fake socket.
// Its IFLA_VFINFO_LIST is far beyond a 32 KiB buffer; the request must ask for VF info and the
// whole reply must decode. The real kernel's reply is read in the guest (kernel.guest.test.ts).
import {
  constants as C,
  type FakeRequest,
  FakeSocket,
  fakeDump,
  fakeMessage,
  Handle,
  linkMessage,
  vfsOf,
} from "@underlay/netlink";
import { describe, expect, it } from "vitest";

const VFS = 256;
const mac = (i: number) => Buffer.concat([Buffer.from([2, 0, 0, 0, i >> 8, i & 0xff])], 32);
const vfInfo = (vf: number) => ({
  mac: { vf, mac: mac(vf) },
  vlan: { vf, vlan: vf % 4095, qos: 0 },
  broadcast: { broadcast: Buffer.alloc(32, 0xff) },
  rate: { vf, minTxRate: 0, maxTxRate: 0 },
  spoofchk: { vf, setting: 1 },
  linkState: { vf, linkState: 0 },
  trust: { vf, setting: 0 },
  stats: { rxPackets: 1n, txPackets: 2n, rxBytes: 3n, txBytes: 4n, broadcast: 0n, multicast: 0n },
});
const pfPayload = linkMessage.encode({
  header: { family: 0, type: 1, index: 5, flags: C.IFF_UP, change: 0 },
  attrs: {
    ifname: "pf0",
    address: "02:00:00:00:ff:00",
    numVf: VFS,
    vfinfoList: { info: Array.from({ length: VFS }, (_, i) => vfInfo(i)) },
  },
});

const asksForVfs = (req: FakeRequest) => ((linkMessage.decode(req.payload).attrs.extMask ?? 0) & C.RTEXT_FILTER_VF) !== 0;

describe("a PF with 256 VFs (synthetic reply, fake socket)", () => {
  it("the reply is far beyond 32 KiB", () => expect(pfPayload.length).toBeGreaterThan(48 * 1024));
  it("linkGet with vf asks for RTEXT_FILTER_VF and reads every VF", () => {
    const t = new FakeSocket((req) => [fakeMessage(req, C.RTM_NEWLINK, asksForVfs(req) ? pfPayload : Buffer.alloc(16))]);
    const h = new Handle({ socket: () => t });
    const vfs = vfsOf(h.linkGet("pf0", { vf: true }));
    expect(vfs.map((v) => v.vf)).toEqual(Array.from({ length: VFS }, (_, i) => i));
    expect(vfs[255]).toMatchObject({ mac: "02:00:00:00:00:ff", vlan: 255, spoofchk: true, trust: false });
  });
  it("linkList with vf reads the PF whole among other links, and re-emits it byte for byte", () => {
    const lo = linkMessage.encode({ header: { family: 0, type: 772, index: 1, flags: 0, change: 0 }, attrs: { ifname: "lo" } });
    const t = new FakeSocket((req) => fakeDump(req, C.RTM_NEWLINK, asksForVfs(req) ? [lo, pfPayload] : [lo]));
    const links = new Handle({ socket: () => t }).linkList({ vf: true });
    expect(links.map((l) => l.attrs.ifname)).toEqual(["lo", "pf0"]);
    expect(vfsOf(links[1]!)).toHaveLength(VFS);
    expect(linkMessage.encode(links[1]!).equals(pfPayload)).toBe(true);
  });
});
