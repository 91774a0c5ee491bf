// `underlay route show|get` against iproute2 6.1's `ip route` on the same netns: the same bytes on
// stdout and the same exit code, for the layouts (default, -d, -o, -j) and the selectors.
import { afterAll, beforeAll, describe, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON, type Scratch, scratchNetns } from "../../netlink/test/support/live.js";
import { missingCliBuild } from "./support/cli.js";
import { expectErrorAsIp, expectSameAsIp, missingIp } from "./support/ip-side-by-side.js";
import { ipSetup, normalise } from "./support/twins.js";

const skip = !IS_ROOT ? NOT_ROOT_REASON : (missingCliBuild() ?? missingIp());
let s: Scratch;

// Routes of most kinds ip prints differently, made by ip itself. No IPv6 link-local addresses:
// their routes appear on the kernel's own clock, between ip's run of a line and underlay's.
const SETUP = [
  "link add va type veth peer name vb",
  "link set va addrgenmode none",
  "link set vb addrgenmode none",
  "link set va up",
  "link set vb up",
  "addr add 10.0.0.1/24 dev va",
  "addr add 10.1.0.1/24 dev vb",
  "addr add fd00::1/64 dev va nodad",
  "route add default via 10.0.0.254 metric 5",
  "route add 10.5.0.0/16 via 10.0.0.2 proto static mtu lock 1400 advmss 1300",
  "route add 10.6.0.0/16 dev vb scope link src 10.1.0.1 metric 7",
  "route add 10.9.0.0/24 nexthop via 10.0.0.2 weight 2 nexthop via 10.1.0.2",
  "route add blackhole 10.8.0.0/16",
  "route add unreachable 10.8.1.0/24 metric 3",
  "route add prohibit 10.8.2.0/24",
  "route add 10.7.0.0/16 via 10.0.0.2 table 100 proto bird",
  "route add 10.7.1.0/24 via 10.0.0.2 table 3000",
  "route add fd10::/64 via fd00::2 pref high metric 20",
  "route add fd11::/64 dev va hoplimit 9",
];

beforeAll(async () => {
  if (skip) return;
  s = scratchNetns();
  await ipSetup(s.name, SETUP);
});
afterAll(() => s?.dispose());

const SAME_AS_IP = [
  "route",
  "route show",
  "r s",
  "route list",
  "-6 route",
  "-4 route show table all",
  "route show table all",
  "-6 route show table all",
  "route show table 100",
  "route show table 3000",
  "route show table local",
  "route show table main",
  "-d route",
  "-d -6 route",
  "-o route",
  "-c route show table all",
  "-c -6 route",
  "-c route get 10.9.0.9",
  "-j route",
  "-j route show table all",
  "-j -6 route",
  "-j -d route",
  "-j -p route show table all",
  "route show default",
  "route show exact 10.5.0.0/16",
  "route show 10.5.0.0/16",
  "route show root 10.0.0.0/8",
  "route show root 10/8",
  "route show from 0/0",
  "route show match 10.9.0.7",
  "route show match 10.9.0.0/16",
  "route show proto kernel",
  "route show proto static",
  "route show table all proto bird",
  "route show type blackhole",
  "route show type unreachable",
  "route show table all type local",
  "route show scope link",
  "route show dev vb",
  "route show via 10.0.0.2",
  "route show src 10.1.0.1",
  "route show metric 5",
  "route show pri 7",
  "-6 route show dev va",
  "route get 10.0.0.2",
  "route get 10.9.0.9",
  "route get 10.9.0.9 fibmatch",
  "route get 10.7.0.1 from 10.0.0.1 mark 5",
  "route get 10.0.0.1",
  "route get 10.1.0.255",
  "route get 10.5.1.1 oif va",
  "route get 10.0.0.2 sport 1000 dport 80 ipproto tcp",
  "-j route get 10.0.0.2 dport 53 ipproto udp",
  "-6 route get fd10::1",
  "route get fd11::1",
  "-j route get 10.0.0.2",
  "-j -p route get 10.0.0.2",
  "-j route get 10.9.0.9 fibmatch",
  "-o route get 10.0.0.2",
];

const ERRORS_AS_IP = [
  "route get",
  "route get 10.8.0.1",
  "route get 10.0.0.2 ipproto frob",
  "route show table nosuch",
  "route show dev nosuch0",
  "route show type frob",
  "route show proto frob",
  "route show scope frob",
  "route flush",
  "route frob",
];

describe("route show prints what ip route show prints", () => {
  it.each(SAME_AS_IP)("%s", async (line) => {
    if (!skip) await expectSameAsIp(s.name, line, normalise);
  });

  it.each(ERRORS_AS_IP)("%s: ip's exit code, a message on stderr, nothing on stdout", async (line) => {
    if (!skip) await expectErrorAsIp(s.name, line);
  });
});
