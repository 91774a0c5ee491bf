// One swarm node: a private dockerd (support/dockerd.mjs) running in a lab host's netns, with the
// managed plugin installed as a user installs it (create, set this host's paths, enable), and what
// the tests read back from it: its node ID, its netns's links, the plugin's PID and log lines, the
// networks in the driver's state file.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { type PrivateDocker, startDockerd } from "./dockerd.mjs";
import { quietly } from "./quietly.js";
import type { LabHost } from "./swarm-lab.js";

/** The plugin's name. Docker names it `underlay:latest`; 20.10 resolves a network driver only by that full name. */
export const PLUGIN = "underlay";
export const DRIVER = `${PLUGIN}:latest`;

export interface SwarmNode {
  role: "manager" | "worker";
  host: LabHost;
  d: PrivateDocker;
  /** This node's half of the shared subnet, its config-only network's --ip-range. */
  range: string;
  /** The plugin's ID once created (its socket folder is /run/docker/plugins/ID). */
  pluginId?: string;
  installPlugin(dir: string): Promise<void>;
  nodeId(): string;
  /** The node netns's link names, sorted, less Docker's ingress veths and links waiting for deletion. */
  links(): string[];
  /** The driver's own links (`ul` + 12 hex digits) in the node's netns. */
  driverLinks(): string[];
  /** The `driver serve` process of this node's plugin: the one whose netns is this node's. */
  pluginPid(): number | undefined;
  /** The last lines dockerd logged for the plugin (its stdout and stderr). */
  pluginLog(lines?: number): string;
  /** The network IDs in the driver's state file on this node. */
  stateNetworks(): string[];
  stop(): Promise<void>;
}

const SERVE = "/underlay/dist/main.js\0driver\0serve";

interface PluginConfig {
  entrypoint: string[];
  mounts: { name: string; destination: string; settable?: string[] }[];
}

const argOf = (c: PluginConfig, flag: string, otherwise: string): string => {
  const i = c.entrypoint.indexOf(flag);
  return i < 0 ? otherwise : (c.entrypoint[i + 1] ?? otherwise);
};

/**
 * `NAME.source=…` for the settable mount that holds `inside` (a path in the plugin), so that
 * `inside` is `outside` on the host; the folder is made. Reading config.json, not knowing it, keeps
 * this right however the mounts are laid out (a mount of the folder itself, or of one above it).
 */
function mountSetting(c: PluginConfig, inside: string, outside: string): string {
  const m = c.mounts.find(
    (x) => x.settable?.includes("source") && (inside === x.destination || inside.startsWith(`${x.destination}/`)),
  );
  if (!m) throw new Error(`config.json: no settable mount holds ${inside}`);
  const below = relative(m.destination, inside);
  if (below && !outside.endsWith(`/${below}`)) throw new Error(`${outside} does not end with ${below}, as ${inside} does`);
  mkdirSync(outside, { recursive: true });
  return `${m.name}.source=${below ? outside.slice(0, -below.length - 1) : outside}`;
}

export async function startNode(host: LabHost, role: SwarmNode["role"], range: string): Promise<SwarmNode> {
  const dirs = mkdtempSync(join(tmpdir(), `ulsw-${role}-`));
  const d = await startDockerd({ name: role, netns: host.netns }).catch((e) => {
    rmSync(dirs, { recursive: true, force: true });
    throw e;
  });
  let stateDir = "";
  const allLinks = () =>
    host.h
      .linkList()
      .map((l) => (/^veth[0-9a-f]{7}$/.test(l.attrs.ifname ?? "") ? "veth*" : (l.attrs.ifname ?? "")))
      .sort();
  const node: SwarmNode = {
    role,
    host,
    d,
    range,
    async installPlugin(dir) {
      await d.dockerAsync("plugin", "create", PLUGIN, dir);
      node.pluginId = d.docker("plugin", "inspect", "-f", "{{.Id}}", PLUGIN).trim();
      // This host's paths, set before enabling, through the mounts config.json makes settable: the
      // driver's records and its aliases' socket folder in this node's temp folder, and the folder
      // where this dockerd (with its own --exec-root) keeps its sandboxes' netns files. dockerd
      // makes that folder with its first sandbox; a bind mount needs it now.
      const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8")) as PluginConfig;
      const netns = `${d.execRoot}/netns`;
      mkdirSync(netns, { recursive: true });
      stateDir = join(dirs, argOf(config, "--state-dir", "/var/lib/underlay"));
      const settings = [
        mountSetting(config, argOf(config, "--state-dir", "/var/lib/underlay"), stateDir),
        mountSetting(config, argOf(config, "--alias-socket-dir", "/run/underlay/host-plugins"), join(dirs, "host-plugins")),
        mountSetting(config, argOf(config, "--netns-dir", "/var/run/docker/netns"), netns),
      ];
      d.docker("plugin", "set", PLUGIN, ...settings, "UNDERLAY_LOG_LEVEL=debug");
      await d.dockerAsync("plugin", "enable", PLUGIN);
    },
    nodeId: () => d.docker("info", "-f", "{{.Swarm.NodeID}}").trim(),
    // A link DeleteEndpoint set aside (ul_IFINDEX) lasts until the next background batch, and Docker's
    // ingress veths come back only when its ingress sandbox does (after a rejoin, lazily): neither counted.
    links: () => allLinks().filter((n) => !/^ul_\d+$/.test(n) && n !== "veth*"),
    driverLinks: () => allLinks().filter((n) => /^ul([0-9a-f]{12}|_\d+)$/.test(n)),
    pluginPid() {
      for (const entry of readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          if (!readFileSync(`/proc/${entry}/cmdline`, "latin1").includes(SERVE)) continue;
          if (statSync(`/proc/${entry}/ns/net`).ino === host.inode) return Number(entry);
        } catch {
          // gone meanwhile
        }
      }
      return undefined;
    },
    pluginLog(lines = 30) {
      const id = node.pluginId;
      if (!id) return "(no plugin)";
      // dockerd wraps each line: time="…" level=error msg="{\"level\":30,…}" plugin=ID
      const ours = readFileSync(d.log, "utf8")
        .split("\n")
        .filter((l) => l.endsWith(`plugin=${id}`))
        .map((l) => (l.match(/ msg="(.*)" plugin=/)?.[1] ?? l).replaceAll('\\"', '"'));
      return ours.slice(-lines).join("\n");
    },
    stateNetworks() {
      const file = join(stateDir, PLUGIN, "driver-state.json");
      const records = JSON.parse(readFileSync(file, "utf8")) as { networks: { id: string }[] };
      return records.networks.map((n) => n.id);
    },
    async stop() {
      for (const args of [
        ["swarm", "leave", "--force"],
        ["plugin", "disable", "-f", PLUGIN],
        ["plugin", "rm", "-f", PLUGIN],
      ]) {
        if (d.pid) quietly(() => d.docker(...args));
      }
      await d.stop();
      rmSync(dirs, { recursive: true, force: true });
    },
  };
  return node;
}
