// Policy routing rules made with our ops on the real kernel, in a throwaway netns, read back with
// `ip -j rule` and our ruleList. (No link va exists here: ip marks the iif "detached".)
import { execFileSync } from "node:child_process";
import { ruleTable, ValidationError } from "@underlay/netlink";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../support/live.js";

let s: Scratch;
const ipRules = (...args: string[]) =>
  JSON.parse(execFileSync("ip", ["-n", s.name, "-j", ...args, "rule"], { encoding: "utf8" })) as Record<string, unknown>[];

beforeEach((ctx) => {
  ctx.skip(!IS_ROOT, NOT_ROOT_REASON);
  s = scratchNetns();
});
afterEach(() => s?.dispose());

describe("ruleAdd / ruleDel", () => {
  it("adds selectors and actions as ip reads them", () => {
    s.h.ruleAdd({ from: "10.1.0.0/16", table: 100, priority: 1000 });
    s.h.ruleAdd({ not: true, to: "10.2.0.0/24", fwmark: 0x10, fwmask: 0xff, iif: "va", tos: 0x10, priority: 1001 });
    s.h.ruleAdd({
      uidRange: { start: 100, end: 200 },
      ipProto: 6,
      sport: { start: 80, end: 80 },
      action: "prohibit",
      priority: 1002,
    });
    s.h.ruleAdd({ table: 70000, suppressPrefixlength: 0, priority: 1003 });
    s.h.ruleAdd({ fwmark: 5, goto: 1003, priority: 999 });
    const rules = ipRules().filter((r) => Number(r.priority) >= 999 && Number(r.priority) < 32766);
    expect(rules).toEqual([
      { priority: 999, src: "all", fwmark: "0x5", goto: 1003 },
      { priority: 1000, src: "10.1.0.0", srclen: 16, table: "100" },
      {
        priority: 1001,
        not: null,
        src: "all",
        dst: "10.2.0.0",
        dstlen: 24,
        tos: "0x10",
        fwmark: "0x10",
        fwmask: "0xff",
        iif: "va",
        iif_detached: null,
        table: "main",
      },
      { priority: 1002, src: "all", uid_start: 100, uid_end: 200, ipproto: "tcp", sport: 80, action: "prohibit" },
      { priority: 1003, src: "all", table: "70000", suppress_prefixlen: 0 },
    ]);
    const big = s.h.ruleList({ family: 4 }).find((r) => r.attrs.priority === 1003);
    expect(big && ruleTable(big)).toBe(70000);
  });

  it("an IPv6 rule with family 6; a prefix of the other family is refused before sending", () => {
    s.h.ruleAdd({ family: 6, from: "2001:db8::/64", table: 5, priority: 100 });
    expect(ipRules("-6").find((r) => r.priority === 100)).toEqual({ priority: 100, src: "2001:db8::", srclen: 64, table: "5" });
    expect(() => s.h.ruleAdd({ from: "2001:db8::/64", table: 5 })).toThrow(ValidationError);
  });

  it("del removes the first rule that matches what is given; EEXIST and ENOENT as ip gets them", () => {
    s.h.ruleAdd({ to: "10.9.0.0/16", table: 7, priority: 500 });
    expect(() => s.h.ruleAdd({ to: "10.9.0.0/16", table: 7, priority: 500 })).toThrow(
      expect.objectContaining({ code: "EEXIST" }),
    );
    s.h.ruleDel({ priority: 500 });
    expect(ipRules().some((r) => r.priority === 500)).toBe(false);
    expect(() => s.h.ruleDel({ priority: 500 })).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });

  it("ruleDelMessage deletes a listed rule as it came", () => {
    s.h.ruleAdd({ from: "10.1.0.0/16", table: 100, priority: 1000 });
    const listed = s.h.ruleList({ family: 4 }).find((r) => r.attrs.priority === 1000);
    if (!listed) throw new Error("rule 1000 not listed");
    s.h.ruleDelMessage(listed);
    expect(ipRules().map((r) => r.priority)).toEqual([0, 32766, 32767]);
  });
});

describe("monitor rule", () => {
  it("family 6 joins only IPv6's rule group: an IPv4 rule is not seen, the IPv6 one is, added and deleted", async () => {
    const events = s.h.monitor({ topics: ["rule"], family: 6 });
    s.h.ruleAdd({ from: "10.1.0.0/16", table: 5, priority: 100 });
    s.h.ruleAdd({ family: 6, from: "2001:db8::/64", table: 5, priority: 100 });
    s.h.ruleDel({ family: 6, priority: 100 });
    const seen: string[] = [];
    for await (const ev of events) {
      if (ev.topic !== "rule") continue;
      seen.push(`${ev.action} ${ev.rule.attrs.src}/${ev.rule.header.srcLen}`);
      if (ev.action === "del") break;
    }
    expect(seen).toEqual(["new 2001:db8::/64", "del 2001:db8::/64"]);
  });
});
