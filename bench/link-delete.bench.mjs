#!/usr/bin/env node
// The ways the kernel offers to delete many macvlan links, measured side by side (as root, after a
// build): in a throwaway netns, N macvlan children of a veth parent, deleted
//  - one RTM_DELLINK per link, back to back;
//  - as a group: IFLA_GROUP set on each (one RTM_NEWLINK each), then one RTM_DELLINK with
//    ifi_index 0 and IFLA_GROUP;
//  - moved into a netns of their own (one RTM_NEWLINK with IFLA_NET_NS_FD each), which is then
//    deleted: the kernel unregisters its links in a workqueue, batched.
// Each figure is the caller's time, i.e. how long a thread is blocked in sendmsg. "until gone"
// is when the parent has no macvlan child left (a passthru child can be added again).
// Also: setting one link aside as the driver does (down, renamed, new MAC, group: one message).
import { ack, constants as C, Handle, linkMessage, netnsAdd, netnsDel } from "../packages/netlink/dist/index.js";

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SIZES = [1, 10, 50];
const GROUP = 0x756c0001;
const tag = process.pid.toString(36);
const ns = `uldel${tag}`;
const now = () => performance.now();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mac = (i) => `02:00:00:00:${((i >> 8) & 255).toString(16).padStart(2, "0")}:${(i & 255).toString(16).padStart(2, "0")}`;

function* linkOp(type, index, attrs, operation, change = 0) {
  const payload = linkMessage.encode({ header: { family: 0, type: 0, index, flags: 0, change }, attrs });
  yield* ack({ type, flags: 0, payload, operation });
}

function makeLinks(h, n) {
  const idx = [];
  for (let i = 0; i < n; i++) {
    h.linkAdd({ name: `mv${i}`, kind: "macvlan", parent: "p0", mode: "bridge", address: mac(i) });
    idx.push(h.linkIndex(`mv${i}`));
  }
  return idx;
}

/** Polls until the parent carries no macvlan child: a passthru child is refused while one is there. */
function untilGone(h, t0) {
  for (;;) {
    try {
      h.linkAdd({ name: "pt0", kind: "macvlan", parent: "p0", mode: "passthru" });
      h.linkDel("pt0");
      return now() - t0;
    } catch {}
  }
}

const ways = {
  "one RTM_DELLINK per link": (h, idx) => {
    const t0 = now();
    for (const i of idx) h.linkDel(i);
    return { blocked: now() - t0, gone: now() - t0 };
  },
  "group: IFLA_GROUP per link, one group RTM_DELLINK": (h, idx) => {
    const t0 = now();
    for (const i of idx) h.run(linkOp(C.RTM_NEWLINK, i, { group: GROUP }, "set group"));
    const t1 = now();
    h.run(linkOp(C.RTM_DELLINK, 0, { group: GROUP }, "group delete"));
    return { blocked: now() - t0, gone: now() - t0, marking: t1 - t0 };
  },
  "netns: moved into a netns of their own, destroyed": (h, idx) => {
    const grave = `${ns}g`;
    netnsAdd(grave);
    const t0 = now();
    for (const i of idx) h.linkSet(i, { netns: { name: grave } });
    const t1 = now();
    netnsDel(grave);
    const blocked = now() - t0;
    return { blocked, gone: untilGone(h, t0), marking: t1 - t0 };
  },
};

netnsAdd(ns);
const h = new Handle({ netns: { name: ns } });
try {
  h.linkAdd({ name: "p0", kind: "veth", peer: { name: "p1" }, up: true });
  h.linkSetUp("p1");
  const results = [];
  for (const n of SIZES) {
    const samples = Object.fromEntries(Object.keys(ways).map((w) => [w, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const [w, f] of Object.entries(ways)) samples[w].push(f(h, makeLinks(h, n)));
    }
    for (const [w, xs] of Object.entries(samples)) {
      const m = (k) => median(xs.map((x) => x[k] ?? 0));
      results.push({ n, w, blocked: m("blocked"), gone: m("gone"), marking: m("marking") });
    }
  }
  // Setting one link aside as DeleteEndpoint does: down, renamed, a new MAC, the pending group.
  // Docker hands the link back down; one still up costs the kernel a grace period to take down.
  const aside = { down: [], up: [] };
  for (let r = 0; r < 40; r++) {
    const [i] = makeLinks(h, 1);
    const state = r % 2 ? "up" : "down";
    if (state === "up") h.linkSetUp(i);
    const t0 = now();
    h.run(linkOp(C.RTM_NEWLINK, i, { ifname: `ul_${i}`, address: mac(999), group: GROUP }, "aside", C.IFF_UP));
    aside[state].push(now() - t0);
    h.linkDel(i);
  }
  console.log(`rounds: ${ROUNDS}, medians; the caller's time blocked in sendmsg, and until the links are gone\n`);
  console.log("| links | way | blocked | until gone | per link | of which marking |\n| ---: | --- | ---: | ---: | ---: | ---: |");
  for (const x of results)
    console.log(
      `| ${x.n} | ${x.w} | ${x.blocked.toFixed(2)} ms | ${x.gone.toFixed(2)} ms | ${(x.blocked / x.n).toFixed(2)} ms | ${x.marking.toFixed(2)} ms |`,
    );
  for (const [state, xs] of Object.entries(aside))
    console.log(
      `\nsetting one link aside (down, name, MAC, group in one RTM_NEWLINK), link ${state}: ${median(xs).toFixed(3)} ms median`,
    );
} finally {
  h.close();
  netnsDel(ns);
}
