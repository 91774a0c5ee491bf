// `underlay link show|add|del|set`: ip link, with ip's keywords.
import { constants as C, type LinkMessage, vfsOf } from "@underlay/netlink";
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { parseLinkAdd, parseLinkSet } from "../grammar/link.js";
import { printJson, printTable } from "../output.js";
import { detailLines, linkJson, linkRow, vfLine } from "../render/link.js";
import { readKeywords, Words } from "../words.js";
import { examples, group } from "./examples.js";
import { linkIn } from "./ifnames.js";

interface ShowOptions {
  vf?: boolean;
}

function show(ctx: CliContext, words: string[], o: ShowOptions) {
  const w = new Words(words, "link show");
  let dev: string | undefined;
  let kind: string | undefined;
  let upOnly = false;
  readKeywords(
    w,
    {
      dev: (w) => {
        dev = w.value("dev");
      },
      type: (w) => {
        kind = w.value("type");
      },
      up: () => {
        upOnly = true;
      },
    },
    (word) => {
      dev = word;
    },
  );
  const h = ctx.handle();
  const details = Boolean(ctx.options.details);
  const withVfs = Boolean(o.vf || details);
  let links = dev ? [h.linkGet(dev, { vf: withVfs })] : h.linkList({ vf: withVfs, ...(kind ? { kind } : {}) });
  if (upOnly) links = links.filter((l) => l.header.flags & C.IFF_UP);
  const out = ctx.out;
  const linkOf = linkIn(links, h);
  if (out.json)
    return printJson(
      out,
      links.map((l) => linkJson(l, details, withVfs, linkOf)),
    );
  const below = (i: number) => {
    const l = links[i] as LinkMessage;
    return [...(details ? detailLines(l) : []), ...(withVfs ? vfsOf(l).map(vfLine) : [])];
  };
  printTable(out, links.map(linkRow), undefined, below);
}

/** `[dev] DEV`, the only words some commands take. */
export function devOf(words: string[], command: string): string {
  const w = new Words(words, command);
  const dev = w.next() === "dev" ? w.value("dev") : (words[0] as string);
  readKeywords(w, {});
  return dev;
}

export function registerLink(link: Command, ctx: CliContext): void {
  group(link, "link", "link add mv0 link eth0 type macvlan", "link del mv0");
  link
    .command("show", { isDefault: true })
    .argument("[words...]", "[dev] DEV | type KIND | up")
    .option("--vf", "the VF lines of SR-IOV PFs")
    .description("list links, or show one")
    .addHelpText("after", examples("link show", "-j -d link show eth0", "-n blue link show type veth", "link show eth2 --vf"))
    .action((words: string[], o: ShowOptions) => show(ctx, words, o));
  link
    .command("add")
    .allowUnknownOption()
    .argument("<words...>", "[link PARENT] NAME [mtu M] [address A] [master M] [up] type KIND [kind options]")
    .description("create a link: macvlan, ipvlan, vlan, veth, dummy, bridge")
    .addHelpText(
      "after",
      `${examples(
        "link add mv0 link eth0 type macvlan mode bridge",
        "link add ipv0 link eth0 type ipvlan mode l3 private",
        "link add eth0.100 link eth0 type vlan id 100 protocol 802.1ad",
        "link add v0 mtu 9000 type veth peer name v1 netns blue",
        "link add br0 up type bridge stp_state 1",
      )}
Kind options:
  macvlan  mode private|vepa|bridge|passthru|source [nopromisc]
  ipvlan   mode l2|l3|l3s [bridge|private|vepa]
  vlan     id VID [protocol 802.1Q|802.1ad]
  veth     peer [name] NAME [address A] [mtu M] [netns NS]
  bridge   [stp_state 0|1] [vlan_filtering 0|1]
  dummy`,
    )
    .action((words: string[]) => {
      ctx.linksChanged();
      ctx.handle().linkAdd(parseLinkAdd(words));
    });
  link
    .command("delete")
    .alias("del")
    .allowUnknownOption()
    .argument("<words...>", "[dev] DEV")
    .description("delete a link")
    .addHelpText("after", examples("link del mv0", "-n blue link del dev v0"))
    .action((words: string[]) => {
      ctx.linksChanged();
      ctx.handle().linkDel(devOf(words, "link del"));
    });
  link
    .command("set")
    .allowUnknownOption()
    .argument("<words...>", "[dev] DEV up|down|name N|mtu M|address A|master M|nomaster|alias A|txqueuelen N|netns NS|vf N …")
    .description("change a link; everything given goes to the kernel in one message")
    .addHelpText(
      "after",
      examples(
        "link set mv0 up mtu 1400",
        "link set dev mv0 name eth1 address 02:00:00:00:00:01",
        "link set mv0 netns blue",
        "link set veth0 master br0",
        "link set eth2 vf 3 vlan 100 spoofchk on",
      ),
    )
    .action((words: string[]) => {
      const r = parseLinkSet(words);
      const h = ctx.handle();
      ctx.linksChanged();
      if (Object.keys(r.link).length) h.linkSet(r.dev, r.link);
      if (r.vf) h.vfSet(r.dev, r.vf.index, r.vf.settings);
    });
}
