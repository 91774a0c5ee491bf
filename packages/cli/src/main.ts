#!/usr/bin/env node
// underlay: netlink debugging in ip's vocabulary, and the Docker driver. Errors go to stderr in one
// line (with the kernel's ext-ack text) and the exit code is 1.
import { createLogger, startDaemon } from "@underlay/driver";
import { Command } from "commander";
import { registerDecode } from "./commands/decode.js";
import { registerMonitor } from "./commands/monitor.js";
import { registerShow } from "./commands/show.js";
import type { GlobalOptions } from "./context.js";

const program = new Command("underlay")
  .description("containers on the physical network: SR-IOV VFs, passthrough, macvlan, ipvlan")
  .option("-j, --json", "JSON output (iproute2 key names where one exists)")
  .option("-p, --pretty", "indent JSON")
  .option("-n, --netns <name>", "act in a named network namespace (ip netns)")
  .showHelpAfterError();
const g = () => program.opts<GlobalOptions>();

registerShow(program, g);
registerMonitor(program, g);
registerDecode(program, g);

const driver = program.command("driver").description("the Docker network driver");
driver
  .command("serve")
  .description("serve the libnetwork remote driver protocol as a legacy Docker plugin")
  .option("--name <name>", "driver name (docker network create -d NAME)", "underlay")
  .option("--alias <name...>", "more names on sockets of their own; sriov and passthrough default to that mode", [])
  .option("--state-dir <dir>", "where networks and endpoints are kept", "/var/lib/underlay")
  .option("--socket-dir <dir>", "where Docker looks for plugin sockets", "/run/docker/plugins")
  .addHelpText(
    "after",
    `
Examples:
  underlay driver serve
  underlay driver serve --name underlay --alias sriov passthrough
  docker network create -d underlay -o parent=eth0 --subnet 192.0.2.0/24 mvnet`,
  )
  .action(async (o: { name: string; alias: string[]; stateDir: string; socketDir: string }) => {
    const log = createLogger();
    const daemon = await startDaemon({ names: [o.name, ...o.alias], stateDir: o.stateDir, socketDir: o.socketDir, log });
    for (const sig of ["SIGTERM", "SIGINT"] as const) {
      process.once(sig, () => {
        log.info({ signal: sig }, "shutting down");
        void daemon.stop().then(() => process.exit(0));
      });
    }
  });

program.parseAsync().catch((e: Error) => {
  process.stderr.write(`underlay: ${e.message}\n`);
  process.exit(1);
});
