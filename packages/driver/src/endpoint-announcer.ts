// After Join: tell the segment where the endpoint's addresses now are, as Docker 28's builtin
// drivers do (moby#48808), so that peers on other hosts holding a stale neighbour entry (a task
// back after a dockerd restart, same address, new MAC) reach it at once. Docker calls Join before
// the container's netns file (Join's SandboxKey) even exists; it then moves the link in, renames
// it, sets its MAC and addresses, and brings it up. So the announcer runs in the background,
// never delaying Join's answer nor throwing into it: it polls until the netns exists and the link,
// found by MAC (Docker sets the one CreateEndpoint settled; a rename or an ifindex taken in the
// netns changes the rest) or else by the ifindex Join recorded, is up and running (carrier on: a
// VF gets it seconds later) with its addresses, then sends a gratuitous ARP and an unsolicited NA
// from inside that netns, three times a second apart (moby's defaults). It gives up after the join grace, and stops when the endpoint leaves.
import { existsSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { announceAddresses, constants as C, Handle, isUp, type LinkMessage } from "@underlay/netlink";
import type { Logger } from "./logger.js";
import type { EndpointRecord } from "./store.js";

export const ANNOUNCE_ROUNDS = 3;
export const ANNOUNCE_INTERVAL_MS = 1000;
/** How often to look at the container's netns until the link is ready. */
const POLL_MS = 100;

const bare = (cidr: string | undefined) => cidr?.split("/")[0];

/**
 * How long the IPv4 announcement waits for the IPv6 address to finish DAD: a DAD that never ends
 * (no carrier yet, a duplicate) must not hold IPv4 back.
 */
const V6_WAIT_MS = 5000;

interface Ready {
  link: LinkMessage;
  /** Whether each address the endpoint has is on the link (IPv6 past DAD); true when it has none. */
  v4: boolean;
  v6: boolean;
}

/**
 * Whether frames sent on the link now leave it: up and operationally up (IFF_RUNNING), not just
 * administratively up. Until the carrier is on and the kernel's linkwatch has acted on it, the
 * link's queue is the noop qdisc, which drops every frame while send() still succeeds: an igbvf VF
 * gets its carrier seconds after Docker brings it up (its watchdog asks the PF over the mailbox
 * every 2 s), so announcing on IFF_UP alone lost all three rounds. The kernel sets IFF_RUNNING in
 * the same step (under RTNL) that attaches the real qdisc, so once a dump shows it, sends go out.
 */
const carrying = (link: LinkMessage) => isUp(link) && (link.header.flags & C.IFF_RUNNING) !== 0;

/** The endpoint's link in the netns, once it carries frames, and which of its addresses are usable. */
async function readyLink(h: Handle, ep: EndpointRecord): Promise<Ready | undefined> {
  const links = await h.promises.linkList();
  const link = (ep.mac && links.find((l) => l.attrs.address === ep.mac)) || links.find((l) => l.header.index === ep.ifindex);
  if (!link || !carrying(link)) return undefined;
  const have = (await h.promises.addrList({ dev: link.header.index }))
    .filter((a) => !((a.attrs.flags ?? a.header.flags) & C.IFA_F_TENTATIVE))
    .map((a) => a.attrs.address);
  const on = (cidr: string | undefined) => !cidr || have.includes(bare(cidr));
  return { link, v4: on(ep.address), v6: on(ep.addressV6) };
}

/**
 * One look into the netns: not entered while the file is not a netns yet (Docker mounts it after
 * making the file; a mount that does not propagate to the driver never becomes one).
 */
async function lookInto(key: string, ep: EndpointRecord): Promise<{ entered: boolean; ready?: Ready }> {
  let h: Handle;
  try {
    h = new Handle({ netns: { path: key } });
  } catch {
    return { entered: false };
  }
  try {
    const ready = await readyLink(h, ep);
    return ready ? { entered: true, ready } : { entered: true };
  } finally {
    h.close(); // never held between looks: it would keep a gone container's netns alive
  }
}

/** Why nothing was announced when the grace ran out, from how far the announcer got. */
function givenUp(seen: boolean, entered: boolean): string {
  if (entered) return "addresses not announced: the link never came up (up with a carrier) in the container";
  if (seen)
    return "addresses not announced: the container's netns file never became a network namespace here (is dockerd's exec root mounted with shared propagation into the driver's mount namespace?)";
  return "addresses not announced: the container's netns never appeared (is Docker's netns folder visible to the driver?)";
}

export interface AnnouncerOptions {
  log: Logger;
  /** How long after Join to keep waiting for the link (the driver's join grace). */
  graceMs: number;
}

export class EndpointAnnouncer {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly o: AnnouncerOptions) {}

  /** Announces a joined endpoint's addresses in the background. Never throws. */
  start(ep: EndpointRecord): void {
    if (!ep.sandboxKey || !(ep.address || ep.addressV6)) return;
    this.cancel(ep.id);
    const stop = new AbortController();
    this.running.set(ep.id, stop);
    const log = this.o.log.child({ endpoint: ep.id, sandbox: ep.sandboxKey });
    this.run(ep, ep.sandboxKey, stop.signal, log)
      .catch((e) => stop.signal.aborted || log.warn({ err: (e as Error).message }, "addresses not announced"))
      .finally(() => this.running.get(ep.id) === stop && this.running.delete(ep.id));
  }

  /** The endpoint left: no more announcements for it. */
  cancel(id: string): void {
    this.running.get(id)?.abort();
    this.running.delete(id);
  }

  private async run(ep: EndpointRecord, key: string, signal: AbortSignal, log: Logger): Promise<void> {
    // Not even the netns folder need exist yet: dockerd makes it with its first container.
    const deadline = Date.now() + this.o.graceMs;
    let ready: Ready | undefined;
    let seen = false;
    let entered = false;
    let v4Since: number | undefined;
    while (!signal.aborted && !ready) {
      if (Date.now() > deadline) return log.warn({ graceMs: this.o.graceMs }, givenUp(seen, entered));
      seen ||= existsSync(key);
      const look: { entered: boolean; ready?: Ready } = seen ? await lookInto(key, ep) : { entered: false };
      entered ||= look.entered;
      if (look.ready?.v4 && ep.address) v4Since ??= Date.now();
      const v6Waited = v4Since !== undefined && Date.now() - v4Since > V6_WAIT_MS;
      if (look.ready?.v4 && (look.ready.v6 || v6Waited)) ready = look.ready;
      else await sleep(POLL_MS, undefined, { signal, ref: false }).catch(() => undefined);
    }
    if (!ready) return;
    const { link } = ready;
    if (ep.addressV6 && !ready.v6) log.warn("IPv6 address still tentative (DAD) after 5 s: IPv4 announced alone");
    if ((link.header.flags ?? 0) & C.IFF_NOARP)
      return log.debug("addresses not announced: the link does not use ARP (ipvlan l3)");
    for (let round = 1; round <= ANNOUNCE_ROUNDS && !signal.aborted; round++) {
      const sent = announceAddresses({
        netns: { path: key },
        ifindex: link.header.index,
        ...(ep.address ? { ipv4: ep.address } : {}),
        ...(ep.addressV6 && ready.v6 ? { ipv6: ep.addressV6 } : {}),
      });
      log.debug({ ...sent, round, ifname: link.attrs.ifname }, "addresses announced");
      if (round < ANNOUNCE_ROUNDS) await sleep(ANNOUNCE_INTERVAL_MS, undefined, { signal, ref: false }).catch(() => undefined);
    }
  }
}
