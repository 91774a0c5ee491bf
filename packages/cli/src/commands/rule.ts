// `underlay rule`: ip rule (iprule.c) — policy routing rules: show, add, del and flush, with
// ip's words, text and -j. IPv4 unless -6, as ip.
import { constants as C, type RuleMessage, ruleTable } from "@underlay/netlink";
import type { CliContext } from "../context.js";
import { EXIT_FAILURE, EXIT_USAGE, ExitError } from "../dispatch/exit-codes.js";
import type { IpObject, VerbRun } from "../dispatch/ip-object.js";
import { bitsMatch, ipBytes } from "../grammar/inet-prefix.js";
import { parseRuleFilter, parseRuleModify, type RuleFilter } from "../grammar/rule.js";
import { darkBackground, ipJsonText } from "../render/ip-print.js";
import { type RulePrintOptions, ruleOutput } from "../render/rule.js";

const sameRange = (a: { start: number; end: number } | undefined, b: { start: number; end: number } | undefined) =>
  !b || (a !== undefined && a.start === b.start && a.end === b.end);

/** filter_nlmsg(): does the rule match what `rule show|flush` was given? */
function selected(r: RuleMessage, f: RuleFilter): boolean {
  const { header: h, attrs: a } = r;
  const family = h.family === C.AF_INET6 ? 6 : 4;
  if (f.priority !== undefined && f.priority !== (a.priority ?? 0)) return false;
  if (f.not && !(h.flags & C.FIB_RULE_INVERT)) return false;
  for (const [p, addr, len] of [
    [f.from, a.src, h.srcLen],
    [f.to, a.dst, h.dstLen],
  ] as const) {
    if (!p) continue;
    if (p.family !== family || p.bitlen > len) return false;
    if (p.bitlen > 0 && (addr === undefined || !bitsMatch(p.bytes, ipBytes(addr, family), p.bitlen))) return false;
  }
  if (f.tos !== undefined && f.tos !== h.tos) return false;
  if (f.fwmark && f.fwmark !== (a.fwmark ?? 0)) return false;
  if (f.fwmask && f.fwmask !== (a.fwmask ?? 0)) return false;
  if (f.iif !== undefined && f.iif !== a.iifname) return false;
  if (f.oif !== undefined && f.oif !== a.oifname) return false;
  if (f.l3mdev && !a.l3mdev) return false;
  if (f.uidRange && !sameRange(a.uidRange, f.uidRange)) return false;
  if (f.ipProto && f.ipProto !== (a.ipProto ?? 0)) return false;
  if (f.sport?.start && !sameRange(a.sportRange, f.sport)) return false;
  if (f.dport?.start && !sameRange(a.dportRange, f.dport)) return false;
  if (f.table && f.table !== ruleTable(r)) return false;
  return true;
}

function listed(ctx: CliContext, verb: string, words: string[]): { list: RuleMessage[]; filter: RuleFilter } {
  // -0, -M, -B: ip asks the kernel for that family's rules, which it refuses.
  if (ctx.options.family !== undefined && ctx.family === undefined)
    throw new ExitError(
      `rule ${verb}: family ${ctx.options.family} has no rules: Address family not supported by protocol`,
      EXIT_USAGE,
    );
  const family = ctx.family ?? 4;
  const filter = parseRuleFilter(verb, words, family);
  const list = ctx
    .handle()
    .ruleList({ family })
    .filter((r) => selected(r, filter));
  return { list, filter };
}

export function rulePrintOptions(ctx: CliContext): RulePrintOptions {
  const g = ctx.options;
  return { json: ctx.out.json, color: ctx.out.color, dark: darkBackground(), details: g.details, numeric: g.numeric };
}

const show: VerbRun = (ctx, words) => {
  const { list } = listed(ctx, "show", words);
  const o = rulePrintOptions(ctx);
  const { text, json } = ruleOutput(list, o);
  ctx.out.write(o.json ? ipJsonText(json, ctx.out.pretty) : text);
};

/** ip rule flush: every selected rule but those at priority 0 (local's), which carry no FRA_PRIORITY. */
const flush: VerbRun = (ctx, words) => {
  const { list, filter } = listed(ctx, "flush", words);
  const h = ctx.handle();
  for (const r of list) {
    if (filter.protocol !== undefined && r.attrs.protocol !== undefined && r.attrs.protocol !== filter.protocol) continue;
    if (r.attrs.priority !== undefined) h.ruleDelMessage(r);
  }
};

const modify =
  (verb: "add" | "del"): VerbRun =>
  (ctx, words) => {
    const spec = parseRuleModify(verb, words, ctx.family);
    if (verb === "add") ctx.handle().ruleAdd(spec);
    else ctx.handle().ruleDel(spec);
  };

/** ip's binary save/restore: named, so that `sa` and `r` pick what they pick in ip, but not done here. */
const notHere =
  (verb: string): VerbRun =>
  () => {
    throw new ExitError(
      `rule ${verb}: underlay does not read or write ip's binary rule dumps: use ip rule ${verb}`,
      EXIT_FAILURE,
    );
  };

/** ip rule's verbs, in iprule.c's order of matching. */
export const rule: IpObject = {
  verbs: [
    { names: ["list", "lst", "show"], run: show },
    { names: ["save"], run: notHere("save") },
    { names: ["restore"], run: notHere("restore") },
    { names: ["add"], run: modify("add") },
    { names: ["delete"], run: modify("del") },
    { names: ["flush"], run: flush },
  ],
  bare: show,
  usage: `Usage: underlay rule { add | del } SELECTOR ACTION
       underlay rule flush
       underlay rule [ list [ SELECTOR ]]
SELECTOR := [ not ] [ from PREFIX ] [ to PREFIX ] [ tos TOS ]
            [ fwmark FWMARK[/MASK] ]
            [ iif STRING ] [ oif STRING ] [ pref NUMBER ] [ l3mdev ]
            [ uidrange NUMBER-NUMBER ]
            [ ipproto PROTOCOL ]
            [ sport [ NUMBER | NUMBER-NUMBER ]
            [ dport [ NUMBER | NUMBER-NUMBER ] ]
ACTION := [ table TABLE_ID ]
          [ protocol PROTO ]
          [ realms [SRCREALM/]DSTREALM ]
          [ goto NUMBER ]
          SUPPRESSOR
SUPPRESSOR := [ suppress_prefixlength NUMBER ]
              [ suppress_ifgroup DEVGROUP ]
TABLE_ID := [ local | main | default | NUMBER ]
`,
};
