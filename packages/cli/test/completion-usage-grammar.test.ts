// The rule that turns an object's usage text into completion's keywords and values
// (src/completion/usage-grammar.ts), on usage in ip's notation.
import { describe, expect, it } from "vitest";
import { DEVICES, NETNS, verbGrammars } from "../src/completion/usage-grammar.js";

const LINK = `Usage: underlay link add [link DEV] [ name ] NAME type TYPE
       underlay link set { DEVICE | dev DEVICE } up|down|name N|mtu M|netns { PID | NAME }|master DEVICE
       underlay link show [ DEVICE ] [ up ]
       underlay link delete [dev] DEV
where  TYPE := { bridge | veth |
                 vlan }
Kind options:
  macvlan  mode private|vepa
`;
const VERBS = [["add"], ["set", "change"], ["show", "list"], ["delete"]];

describe("usage → completion grammar", () => {
  const g = verbGrammars(LINK, VERBS);
  const add = g.get(0);
  const set = g.get(1);
  const show = g.get(2);
  const del = g.get(3);

  it("keywords per verb, in the usage's order; values apart", () => {
    expect(add?.keywords).toEqual(["link", "name", "type"]);
    expect(set?.keywords).toEqual(["dev", "up", "down", "name", "mtu", "netns", "master"]);
    expect(show?.keywords).toEqual(["up"]);
  });

  it("a keyword's value: device names, netns names, or the words of its definition (continued lines too)", () => {
    expect(add?.values.get("link")).toEqual([DEVICES]);
    expect(add?.values.get("type")).toEqual(["bridge", "veth", "vlan"]);
    expect(set?.values.get("master")).toEqual([DEVICES]);
    expect(set?.values.get("netns")).toEqual([NETNS]);
    // `name N|mtu M`: after a placeholder, the next alternative is a keyword, not a value of name.
    expect(set?.values.get("name")).toEqual([]);
    expect(set?.values.get("mtu")).toEqual([]);
  });

  it("a device first after the verb: { DEVICE | dev DEVICE }, [ DEVICE ], [dev] DEV", () => {
    expect([add, set, show, del].map((v) => v?.deviceFirst)).toEqual([false, true, true, true]);
    expect(del?.values.get("dev")).toEqual([DEVICES]);
  });

  it("lines outside a command or definition (Kind options:) are not grammar", () => {
    for (const v of g.values()) expect(v.keywords).not.toContain("mode");
  });

  it("an optional verb ([ list [ SELECTOR ]]) and an object without verbs (key -1)", () => {
    const rule = verbGrammars(
      "Usage: underlay rule [ list [ SELECTOR ]]\nSELECTOR := [ not ] [ iif STRING ] [ table TABLE_ID ]\nTABLE_ID := [ local | main | NUMBER ]\n",
      [["list", "show"]],
    );
    expect(rule.get(0)?.keywords).toEqual(["not", "iif", "table"]);
    expect(rule.get(0)?.values.get("iif")).toEqual([DEVICES]);
    expect(rule.get(0)?.values.get("table")).toEqual(["local", "main"]);
    const monitor = verbGrammars("Usage: underlay monitor [ all | OBJECTS ] [ label ]\nOBJECTS := link | address\n", []);
    expect(monitor.get(-1)?.keywords).toEqual(["all", "link", "address", "label"]);
  });
});
