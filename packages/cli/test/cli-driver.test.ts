// `underlay driver status` against a real `underlay driver serve` process (asked over its socket
// while it runs, read from its state folder once it has stopped), and the SR-IOV commands' answers
// on a host link that is no PF (the PF paths run in the guest rig: cli.guest.test.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type PluginProcess, startPlugin } from "../../driver/test/support/plugin-process.js";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns, uniqueName } from "../../netlink/test/support/live.js";
import { missingCliBuild, underlay } from "./support/cli.js";

let s: Scratch;
let dir: string;

beforeEach((ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  ctx.skip(missingCliBuild() !== undefined, missingCliBuild());
  s = scratchNetns();
  dir = mkdtempSync(join(tmpdir(), "ulcli-"));
  s.h.linkAdd({ name: "va", kind: "veth", peer: { name: "vb" }, up: true });
});
afterEach(() => {
  s?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function post(socketPath: string, method: string, body: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: `/NetworkDriver.${method}`, method: "POST", agent: false }, (res) => {
      let text = "";
      res.on("data", (c) => {
        text += c;
      });
      res.on("end", () => resolve(JSON.parse(text)));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

describe("underlay driver status", () => {
  it("asks the running driver over its socket, and reads the same from its state once it has stopped", async () => {
    const name = uniqueName("ulc");
    let plugin: PluginProcess | undefined;
    try {
      plugin = await startPlugin(name, dir, ["-n", s.name]);
      const net = "c".repeat(64);
      const ep = "d".repeat(64);
      expect(
        await post(plugin.socketPath, "CreateNetwork", {
          NetworkID: net,
          Options: { "com.docker.network.generic": { parent: "va", macvlan_mode: "bridge" } },
          IPv4Data: [{ AddressSpace: "LocalDefault", Pool: "192.0.2.0/24", Gateway: "192.0.2.1/24" }],
          IPv6Data: [],
        }),
      ).toEqual({});
      await post(plugin.socketPath, "CreateEndpoint", {
        NetworkID: net,
        EndpointID: ep,
        Interface: { Address: "192.0.2.7/24", AddressIPv6: "", MacAddress: "" },
      });
      const args = ["-j", "driver", "status", "--name", name, "--state-dir", dir];
      const live = JSON.parse((await underlay(args)).stdout);
      expect(live).toMatchObject({ name, running: true, socket: plugin.socketPath });
      expect(live.networks).toEqual([
        expect.objectContaining({ id: net, options: expect.objectContaining({ mode: "macvlan", parent: "va" }) }),
      ]);
      expect(live.endpoints).toEqual([expect.objectContaining({ id: ep, networkId: net, address: "192.0.2.7/24" })]);
      const text = (await underlay(["driver", "status", "--name", name, "--state-dir", dir])).stdout;
      expect(text).toMatch(new RegExp(`^driver ${name}: running`));
      expect(text).toMatch(/^c{12}\s+macvlan\s+va\s+192\.0\.2\.0\/24/m);
      expect(text).toMatch(/^d{12}\s+c{12}\s+192\.0\.2\.7\/24/m);
      // One process per state folder: the SR-IOV commands wait for the driver to stop.
      expect(await underlay(["sriov", "disable", "nosuchpf0", "--state-dir", dir])).toMatchObject({
        code: 1,
        stderr: expect.stringContaining(`is in use by underlay driver serve (${name}), pid `),
      });
      await plugin.stop();
      const stored = JSON.parse((await underlay(args)).stdout);
      expect(stored).toMatchObject({ name, running: false, stateDir: join(dir, name) });
      expect(stored.networks).toEqual(live.networks);
      expect(stored.endpoints).toEqual(live.endpoints);
    } finally {
      await plugin?.stop();
    }
  }, 30_000);
  it("a driver that never ran: empty, from its (absent) state", async () => {
    const r = await underlay(["-j", "driver", "status", "--name", "neverran", "--state-dir", dir, "--socket-dir", dir]);
    expect(JSON.parse(r.stdout)).toMatchObject({ running: false, networks: [], endpoints: [], allocations: [] });
  });
});

describe("SR-IOV commands on a link that is no PF", () => {
  it("vf show: no VFs (table), [] (JSON)", async () => {
    expect((await underlay(["-n", s.name, "vf", "show", "va"])).stdout).toBe(
      "va has no VFs (underlay sriov enable va makes some)\n",
    );
    expect(JSON.parse((await underlay(["-j", "-n", s.name, "vf", "show", "va"])).stdout)).toEqual([]);
  });
  it("vf set: the kernel's refusal, exit 2 as ip's", async () => {
    const r = await underlay(["-n", s.name, "vf", "set", "va", "0", "trust", "on"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^underlay: link set va vf 0: E[A-Z]+/);
  });
  it("sriov status / enable / disable: the link is not a PCI device here", async () => {
    for (const cmd of ["status", "enable", "disable"]) {
      const r = await underlay(["sriov", cmd, "nosuchpf0", "--state-dir", dir]);
      expect(r).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/^underlay: nosuchpf0 is not a PCI network device here/),
      });
    }
  });
});
