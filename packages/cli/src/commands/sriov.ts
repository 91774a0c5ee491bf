// `underlay sriov status [PF]`, `sriov enable PF [--count N]`, `sriov disable PF`: the VF count
// of a PF, who set it, and which VFs the driver has handed out to which endpoint.
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { examples, group } from "./examples.js";
import type { StateOptions } from "./sriov-actions.js";

export const DEFAULT_STATE_DIR = "/var/lib/underlay";

const actions = () => import("./sriov-actions.js");

const stateOptions = (c: Command) =>
  c
    .option("--state-dir <dir>", "the driver's state folder (driver serve --state-dir)", DEFAULT_STATE_DIR)
    .option("--name <name>", "accepted for compatibility: the VF count record is host-wide", "underlay");

export function registerSriov(sriov: Command, ctx: CliContext): void {
  group(sriov, "sriov status", "sriov enable eth2");
  stateOptions(sriov.command("status"))
    .argument("[pf]", "one PF (default: every SR-IOV PF)")
    .description("totalvfs, numvfs, who set numvfs, and the VFs the driver has allocated and to whom")
    .addHelpText("after", examples("sriov status", "-j sriov status eth2"))
    .action(async (pf: string | undefined, o: StateOptions) => (await actions()).status(ctx, pf, o));
  stateOptions(sriov.command("enable"))
    .argument("<pf>", "the PF")
    .option("--count <n>", "how many VFs (default: sriov_totalvfs)", (v) => Number(v))
    .option("--timeout <ms>", "how long to wait for the VF netdevs", (v) => Number(v), 30_000)
    .description("set sriov_numvfs and wait for the VF netdevs; changing a count goes through 0, only if no VF is allocated")
    .addHelpText("after", examples("sriov enable eth2", "sriov enable eth2 --count 8"))
    .action(async (pf: string, o: StateOptions & { count?: number; timeout: number }) => {
      const opts = { timeoutMs: o.timeout, ...(o.count === undefined ? {} : { count: o.count }) };
      await (await actions()).enable(ctx, pf, o, opts);
    });
  stateOptions(sriov.command("disable"))
    .argument("<pf>", "the PF")
    .description("set sriov_numvfs to 0, if underlay set it and no VF is allocated")
    .addHelpText(
      "after",
      `${examples("sriov disable eth2", "sriov disable eth2 --force")}
--force: also when someone else set sriov_numvfs (never while the driver holds VFs).`,
    )
    .action(async (pf: string, o: StateOptions) => {
      const { disable, locked } = await actions();
      return locked(o, () => disable(ctx, pf, { ...o, force: Boolean(ctx.options.force) }));
    });
}
