#!/usr/bin/env node
// A tour of @underlay/netlink that needs no SR-IOV hardware: in throwaway network namespaces it
// builds a veth "uplink", two macvlan children moved into "container" namespaces, addresses and
// routes, watches it all with the monitor, prints what the kernel reports, and cleans up.
import { addrCidr, Handle, isUp, netnsAdd, netnsDel, routeDst } from "../packages/netlink/dist/index.js";

const tag = process.pid.toString(36);
const host = `uldemo-h-${tag}`;
const pods = [`uldemo-a-${tag}`, `uldemo-b-${tag}`];
const made = [];
const say = (...a) => console.log(...a);

const cleanup = () => {
  for (const ns of made.splice(0).reverse()) netnsDel(ns);
};
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.once(sig, () => {
    cleanup();
    process.exit(130);
  });
}

try {
  for (const ns of [host, ...pods]) made.push(netnsAdd(ns) && ns);
  const h = new Handle({ netns: { name: host } });
  const events = h.monitor({ topics: ["link"] });
  const seen = [];
  const watching = (async () => {
    for await (const ev of events) if (ev.topic === "link") seen.push(`${ev.action} ${ev.link.attrs.ifname}`);
  })();

  const t0 = process.hrtime.bigint();
  h.linkAdd({ name: "uplink", kind: "veth", peer: { name: "wire" }, up: true });
  h.linkSetUp("wire");
  pods.forEach((ns, i) => {
    const name = `mv${i}`;
    h.linkAdd({ name, kind: "macvlan", parent: "uplink", mode: "bridge", mtu: 1400 });
    h.linkSet(name, { netns: { name: ns } });
    const p = new Handle({ netns: { name: ns } });
    p.linkSet(name, { name: "eth0", up: true });
    p.addrAdd("eth0", `192.0.2.${10 + i}/24`);
    p.routeAdd({ dst: "default", gateway: "192.0.2.1", dev: "eth0" });
    const link = p.linkGet("eth0");
    say(
      `${ns}: eth0 index ${link.header.index} ${link.attrs.address} mtu ${link.attrs.mtu} up=${isUp(link)}`,
      `kind ${link.attrs.linkinfo?.kind} mode ${JSON.stringify(link.attrs.linkinfo?.data?.mode)}`,
    );
    say(`  addresses: ${p.addrList({ family: 4 }).map(addrCidr).join(", ")}`);
    say(
      `  routes:    ${p
        .routeList()
        .map((r) => `${routeDst(r)}${r.attrs.gateway ? ` via ${r.attrs.gateway}` : ""}`)
        .join(", ")}`,
    );
    p.close();
  });
  const took = Number(process.hrtime.bigint() - t0) / 1e6;
  say(`built it all in ${took.toFixed(2)} ms, no subprocesses`);
  say(
    `links now in ${host}: ${h
      .linkList()
      .map((l) => l.attrs.ifname)
      .join(", ")}`,
  );
  await new Promise((r) => setTimeout(r, 50));
  events.return();
  await watching;
  say(`monitor saw: ${seen.join("; ")}`);
  h.close();
} finally {
  cleanup();
  say("cleaned up: namespaces deleted");
}
