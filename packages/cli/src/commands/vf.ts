// `underlay vf show PF` (the VF table, joined with sysfs where the VF netdev and PCI address are
// known) and `underlay vf set PF N …` (ip link set PF vf N …).
import { type Vf, vfsOf } from "@underlay/netlink";
import { Sysfs, type VfDevice } from "@underlay/sriov/sysfs";
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { readVfSettings, VF_KEYWORDS } from "../grammar/vf.js";
import { printJson, printTable, STYLE, styled } from "../output.js";
import { vfinfoListJson } from "../render/link.js";
import { Words } from "../words.js";
import { examples, group } from "./examples.js";

/** sysfs knows VF netdevs and PCI addresses for PCI PFs in our netns; netdevsim or a moved PF has none. */
function sysfsVfs(pf: string): Map<number, VfDevice> {
  try {
    return new Map(new Sysfs().readPf(pf).vfs.map((v) => [v.index, v]));
  } catch {
    return new Map();
  }
}

const onOff = (b: boolean | undefined) => (b === undefined ? "-" : b ? "on" : "off");

function row(v: Vf, dev: VfDevice | undefined) {
  return [
    `${v.vf}`,
    styled(v.mac, STYLE.mac),
    v.vlan ? `${v.vlan}` : "-",
    v.vlan ? `${v.qos}` : "-",
    v.vlan ? `${v.vlanProto}` : "-",
    onOff(v.spoofchk),
    onOff(v.trust),
    `${v.linkState}`,
    `${v.minTxRate}`,
    `${v.maxTxRate}`,
    dev?.netdev ? styled(dev.netdev, STYLE.ifname) : "-",
    dev?.pciAddress ?? "-",
  ];
}

function show(ctx: CliContext, pf: string) {
  const link = ctx.handle().linkGet(pf, { vf: true });
  const name = link.attrs.ifname ?? pf;
  // sysfs shows the host's links: with -n, a same-named host link could answer for the PF.
  const devs = ctx.options.netns ? new Map<number, VfDevice>() : sysfsVfs(name);
  const out = ctx.out;
  if (out.json)
    return printJson(
      out,
      vfinfoListJson(link).map((j) => {
        const d = devs.get(j.vf as number);
        return { ...j, ...(d?.netdev ? { netdev: d.netdev } : {}), ...(d ? { pci_address: d.pciAddress } : {}) };
      }),
    );
  const vfs = vfsOf(link);
  if (!vfs.length) return out.write(`${name} has no VFs (underlay sriov enable ${name} makes some)\n`);
  const header = ["VF", "MAC", "VLAN", "QOS", "PROTO", "SPOOFCHK", "TRUST", "STATE", "MIN_TX", "MAX_TX", "NETDEV", "PCI"];
  printTable(
    out,
    vfs.map((v) => row(v, devs.get(v.vf))),
    header,
  );
}

export function registerVf(vf: Command, ctx: CliContext): void {
  group(vf, "vf show eth2", "vf set eth2 3 vlan 100");
  vf.command("show")
    .argument("<pf>", "the PF")
    .description("the VF table: MAC, VLAN/QoS/proto, spoofchk, trust, link state, rates; netdev and PCI address (not with -n)")
    .addHelpText("after", examples("vf show eth2", "-j -p vf show eth2"))
    .action((pf: string) => show(ctx, pf));
  vf.command("set")
    .allowUnknownOption()
    .argument("<pf>", "the PF")
    .argument("<vf>", "the VF index")
    .argument(
      "<words...>",
      "mac M | vlan V [qos Q] [proto 802.1Q|802.1ad] | spoofchk on|off | trust on|off | state auto|enable|disable | min_tx_rate N | max_tx_rate N",
    )
    .description("change a VF; everything given goes to the kernel in one message, as ip sends it")
    .addHelpText(
      "after",
      examples(
        "vf set eth2 3 mac 02:00:00:00:00:33",
        "vf set eth2 3 vlan 100 qos 3 proto 802.1ad",
        "vf set eth2 3 spoofchk off trust on state enable",
        "vf set eth2 3 min_tx_rate 100 max_tx_rate 1000",
      ),
    )
    .action((pf: string, index: string, words: string[]) => {
      const w = new Words([index, ...words], `vf set ${pf}`);
      const r = readVfSettings(w, w.int("VF index", 0, 0x7ffffffe));
      if (!w.done) w.unknown(w.peek() as string, VF_KEYWORDS);
      ctx.handle().vfSet(ctx.link(pf, `vf set ${pf} ${r.index}`), r.index, r.settings);
    });
}
