// Swarm tasks as the tests see them: from the manager's task list (`docker inspect --type task`,
// which answers at once where a bare `docker inspect` can take 15 s) to the node that runs each
// task, its container there, and that container's eth0 read from the kernel in its netns.
import { addrCidr, Handle } from "@underlay/netlink";
import type { SwarmNode } from "./swarm-node.js";

export interface Task {
  id: string;
  node: SwarmNode;
  container: string;
  /** What the node's dockerd reports for the container on `network`. */
  ip: string;
  mac: string;
  pid: number;
}

export interface Eth0 {
  kind: string | undefined;
  mac: string | undefined;
  /** IFLA_LINK: the parent's ifindex, in the netns IFLA_LINK_NETNSID names. */
  parentIndex: number | undefined;
  linkNetnsid: number | undefined;
  cidrs: string[];
  /** Every link in the container's netns. */
  links: string[];
}

interface TaskRecord {
  ID: string;
  NodeID: string;
  Status: { State: string; Err?: string; ContainerStatus?: { ContainerID?: string } };
}

/** Every task of `service` the manager knows, as the manager records them (state, error, node). */
export function taskRecords(manager: SwarmNode, service: string): TaskRecord[] {
  const ids = manager.d.docker("service", "ps", "-q", "--no-trunc", service).split("\n").filter(Boolean);
  return ids.length ? (JSON.parse(manager.d.docker("inspect", "--type", "task", ...ids)) as TaskRecord[]) : [];
}

/** The running tasks of `service`, with their nodes, containers and addresses on `network`. */
export function runningTasks(nodes: SwarmNode[], service: string, network: string): Task[] {
  const byId = new Map(nodes.map((n) => [n.nodeId(), n]));
  const manager = nodes.find((n) => n.role === "manager") as SwarmNode;
  return taskRecords(manager, service).flatMap((t) => {
    const node = byId.get(t.NodeID);
    const container = t.Status.ContainerStatus?.ContainerID;
    if (t.Status.State !== "running" || !node || !container) return [];
    return [{ id: t.ID, node, ...containerOn(node, container, network) }];
  });
}

/** A container's PID and its address and MAC on `network`, as its node's dockerd reports them. */
export function containerOn(node: SwarmNode, container: string, network: string): Omit<Task, "id" | "node"> {
  const [c] = JSON.parse(node.d.docker("inspect", "--type", "container", container));
  const ep = c.NetworkSettings.Networks[network];
  return { container, ip: ep?.IPAddress, mac: ep?.MacAddress, pid: c.State.Pid };
}

/** eth0 of a container, read with netlink inside its netns (busybox's `ip` has no `-d`). */
export function eth0Of(pid: number): Eth0 {
  const h = new Handle({ netns: { pid } });
  try {
    const l = h.linkGet("eth0");
    return {
      kind: l.attrs.linkinfo?.kind,
      mac: l.attrs.address,
      parentIndex: l.attrs.link,
      linkNetnsid: l.attrs.linkNetnsid,
      cidrs: h.addrList({ dev: "eth0", family: 4 }).map(addrCidr),
      links: h
        .linkList()
        .map((x) => x.attrs.ifname ?? "")
        .sort(),
    };
  } finally {
    h.close();
  }
}

/** Polls `probe` every 250 ms until it returns something other than undefined/false, or throws after `ms`. */
export async function until<T>(what: string, ms: number, probe: () => T | undefined | false): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${last}` : ""}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Whether `ip` lies in the IPv4 prefix `cidr`. */
export function inPrefix(ip: string, cidr: string): boolean {
  const [base, len] = cidr.split("/") as [string, string];
  const n = (a: string) => a.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(len));
  return Math.floor(n(ip) / size) === Math.floor(n(base) / size);
}
