// The completion tests, the same for bash and zsh: command lines completed in a real shell against
// a throwaway netns with known links, and the candidates checked against the kernel (device
// names), /run/netns, and the CLI's own tables (objects, verbs, options, usage words).
import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../../netlink/test/support/live.js";
import { FAMILIES, OPTIONS } from "../../src/dispatch/global-options.js";
import type { IpObject } from "../../src/dispatch/ip-object.js";
import { OBJECTS } from "../../src/dispatch/objects.js";
import { missingCliBuild } from "./cli.js";
import { type CompletionShell, completionShell, type Shell } from "./completion.js";

const ipObjects = async () =>
  Promise.all(
    OBJECTS.flatMap((o) => (o.kind === "ip" ? [o] : [])).map(async (o) => ({
      name: o.names[0] as string,
      object: (await o.load()) as IpObject,
    })),
  );

export function completionCases(shell: Shell, missingShell?: string) {
  const reason = missingShell ?? (!IS_ROOT ? NOT_ROOT_REASON : missingCliBuild());
  // The reason is in the suite's name: a skipped shell says why.
  describe.skipIf(reason !== undefined)(`${shell} completion${reason ? ` (skipped: ${reason})` : ""}`, () => {
    let s: Scratch;
    let sh: CompletionShell;
    // zq*: no keyword, verb or object starts with zq, so `zq` completes to these links only.
    const LINKS = ["zqa", "zqb"];

    beforeAll(() => {
      s = scratchNetns();
      s.h.linkAdd({ name: "zqa", kind: "veth", peer: { name: "zqb" } });
      sh = completionShell(shell);
    });
    afterAll(() => {
      sh?.dispose();
      s?.dispose();
    });

    it("objects by prefix, only those underlay implements (ip's m is maddress: nothing)", () => {
      expect(sh.complete("underlay", "l")).toEqual(["link"]);
      expect(sh.complete("underlay", "m")).toEqual(["monitor"]);
      expect(sh.complete("underlay", "m", "")).toEqual([]);
      const implemented = OBJECTS.filter((o) => o.kind !== "ip-only").flatMap((o) => o.names);
      expect(sh.complete("underlay", "")).toEqual([...implemented, "help"].sort());
    });

    it("verbs by prefix, from each ip object's verb table (link s: set, show)", async () => {
      expect(sh.complete("underlay", "link", "s")).toEqual(["set", "show"]);
      expect(sh.complete("underlay", "l", "s")).toEqual(["set", "show"]);
      for (const { name, object } of await ipObjects()) {
        const verbs = object.verbs.flatMap((v) => v.names);
        const expected = verbs.length ? [...new Set([...verbs, "help"])].sort() : expect.anything();
        expect({ name, verbs: sh.complete("underlay", name, "") }).toEqual({ name, verbs: expected });
      }
    });

    it("global options from the table, and their values", () => {
      expect(sh.complete("underlay", "-")).toEqual(expect.arrayContaining([...OPTIONS.map((o) => o.name), "-color"]));
      expect(sh.complete("underlay", "-f", "")).toEqual([...FAMILIES].sort());
      expect(sh.complete("underlay", "-j", "-n", s.name, "l")).toEqual(["link"]);
    });

    it("netns names after -n (from /run/netns)", () => {
      expect(sh.complete("underlay", "-n", "")).toEqual(readdirSync("/run/netns").sort());
      expect(sh.complete("underlay", "--netns", s.name.slice(0, -1))).toContain(s.name);
    });

    it("device names after dev, in the netns of -n (asked from underlay -j link show there)", () => {
      expect(sh.complete("underlay", "-n", s.name, "link", "show", "dev", "")).toEqual(["lo", ...LINKS].sort());
      expect(sh.complete("underlay", "-n", s.name, "address", "show", "dev", "zq")).toEqual(LINKS);
      expect(sh.complete("underlay", "-n", s.name, "route", "show", "dev", "zqa")).toEqual(["zqa"]);
      // Without -n, the links of this netns (sysfs).
      expect(sh.complete("underlay", "link", "show", "dev", "")).toEqual(readdirSync("/sys/class/net").sort());
    });

    it("the bare device of link show|set|del, and after master and link", () => {
      for (const verb of ["show", "set", "del", "sh", "s"])
        expect({ verb, got: sh.complete("underlay", "-n", s.name, "link", verb, "zq") }).toEqual({ verb, got: LINKS });
      expect(sh.complete("underlay", "-n", s.name, "link", "set", "zqa", "master", "")).toEqual(["lo", ...LINKS].sort());
      expect(sh.complete("underlay", "-n", s.name, "link", "add", "link", "zq")).toEqual(LINKS);
    });

    it("link set's keywords are words of its usage; netns NAME completes netns names", async () => {
      const link = (await ipObjects()).find((o) => o.name === "link")?.object as IpObject;
      const got = sh.complete("underlay", "-n", s.name, "link", "set", "");
      const devices = ["lo", ...LINKS];
      expect(got).toEqual(expect.arrayContaining([...devices, "dev", "up", "down", "mtu", "master", "netns"]));
      for (const w of got.filter((w) => !devices.includes(w)))
        expect({ w, inUsage: link.usage.includes(w) }).toEqual({ w, inUsage: true });
      expect(sh.complete("underlay", "-n", s.name, "link", "set", "zqa", "netns", s.name.slice(0, -1))).toContain(s.name);
    });

    it("a keyword's values from the usage's definitions (route … scope SCOPE)", () => {
      expect(sh.complete("underlay", "route", "add", "192.0.2.0/24", "scope", "")).toEqual(
        expect.arrayContaining(["global", "host", "link"]),
      );
      expect(sh.complete("underlay", "route", "add", "192.0.2.0/24", "scope", "h")).toEqual(["host"]);
    });

    it("own objects: commander's subcommands, options and device arguments", () => {
      expect(sh.complete("underlay", "completion", "")).toEqual(["bash", "man", "zsh"]);
      expect(sh.complete("underlay", "-n", s.name, "vf", "show", "zq")).toEqual(LINKS);
      expect(sh.complete("underlay", "sriov", "enable", "--c")).toEqual(["--count"]);
      // A <dir> option: folder names (bash's compgen -d; zsh's _files -/).
      const dirs = sh.complete("underlay", "driver", "serve", "--state-dir", "/");
      if (shell === "bash") expect(dirs).toContain("/tmp");
      else expect(dirs).toEqual(["<files -/>"]);
    });
  });
}
