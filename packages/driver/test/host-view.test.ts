// HostView, the one look at the host a sweep judges every endpoint by: links from one dump, found
// by ifindex and by name; a netns file's existence from one readdir of its folder, agreeing with
// existsSync (undefined when the folder is not there, as the liveness rules need); no view when
// the dump fails. No root: the dump comes from the fake socket.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { constants as C, FakeSocket, fakeDump, fakeError, Handle, linkMessage } from "@underlay/netlink";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HostView } from "../src/host-view.js";

let dir: string;
const link = (index: number, ifname: string) =>
  linkMessage.encode({ header: { family: 0, type: 1, index, flags: 0, change: 0 }, attrs: { ifname } });
const dumps: number[] = [];
const host = () =>
  new Handle({
    socket: () =>
      new FakeSocket((req) => {
        dumps.push(req.header.type);
        return fakeDump(req, C.RTM_NEWLINK, [link(1, "lo"), link(7, "ulbbbbbbbbbbbb")]);
      }),
  });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ulview-"));
  dumps.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("HostView", () => {
  it("holds the links of one dump, by ifindex and by name", async () => {
    const h = host();
    const view = (await HostView.take(h)) as HostView;
    h.close();
    expect(dumps).toEqual([C.RTM_GETLINK]);
    expect(view.links.get(7)?.attrs.ifname).toBe("ulbbbbbbbbbbbb");
    expect(view.links.get("ulbbbbbbbbbbbb")?.header.index).toBe(7);
    expect([view.links.get(8), view.links.get("eth0")]).toEqual([undefined, undefined]);
    expect(view.links.list().map((l) => l.header.index)).toEqual([1, 7]);
  });

  it("is undefined when the dump fails: the sweep then asks for each endpoint on its own", async () => {
    const h = new Handle({ socket: () => new FakeSocket((req) => [fakeError(req, 16)]) }); // EBUSY
    expect(await HostView.take(h)).toBeUndefined();
    h.close();
  });

  it("says whether a file exists as existsSync does, and undefined when its folder is not there", async () => {
    writeFileSync(join(dir, "ns1"), "");
    const h = host();
    const view = (await HostView.take(h)) as HostView;
    h.close();
    expect(view.fileExists(join(dir, "ns1"))).toBe(true);
    expect(view.fileExists(join(dir, "ns2"))).toBe(false);
    expect(view.fileExists(join(dir, "nosuch", "ns1"))).toBeUndefined();
    expect(view.fileExists(`${dir}/`)).toBe(true); // the folder itself, in its parent
  });
});
