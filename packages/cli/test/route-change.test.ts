// `underlay route add|change|replace|append|prepend|del|flush` against `ip route` in twin netns:
// each line run by ip in one and by underlay in the other, in order, and after each the two netns
// must hold the same routes (read back by ip) and the two tools must exit alike.
import { describeTwinChanges } from "./support/twins.js";

// No IPv6 link-local addresses: their DAD runs on its own clock in each twin.
const SETUP = [
  "link add va type veth peer name vb",
  "link set va addrgenmode none",
  "link set vb addrgenmode none",
  "link set va up",
  "link set vb up",
  "addr add 10.0.0.1/24 dev va",
  "addr add 10.1.0.1/24 dev vb",
  "addr add fd00::1/64 dev va nodad",
];

const LINES = [
  "route add default via 10.0.0.254",
  "route add 10.5.0.0/16 via 10.0.0.2 metric 10 mtu 1400",
  "route add 10.6.0.0/16 dev va proto static scope link src 10.0.0.1",
  "route add 10.6.0.0/16 dev va proto static",
  "route append 10.6.0.0/16 dev vb metric 5",
  "route prepend 10.6.0.0/16 dev vb metric 6",
  "route replace 10.6.0.0/16 via 10.1.0.2 metric 5",
  "route change 10.5.0.0/16 via 10.0.0.3 metric 10",
  "route change 10.55.0.0/16 via 10.0.0.3",
  "route test 10.5.0.0/16 via 10.0.0.3 metric 10",
  "route add unreachable 10.20.0.0/16",
  "route add prohibit 10.21.0.0/16 metric 3",
  "route add blackhole 10.22.0.0/16",
  "route add local 10.30.0.1 dev va",
  "route add broadcast 10.30.0.255 dev va",
  "route add 10.40.0.0/16 nexthop via 10.0.0.2 dev va weight 3 nexthop via 10.1.0.2 dev vb",
  "route add 10.41.0.0/16 via 10.9.9.9 dev va onlink",
  "route add 10.50.0.0/24 via 10.0.0.2 table 200",
  "route add 10.51.0.0/24 via 10.0.0.2 table main",
  "route add 10.52.0.0/24 via 10.0.0.2 table 70000",
  "route add fd10::/64 via fd00::2 pref high",
  "route add fd11::/64 dev va metric 7 mtu lock 1300 hoplimit 20",
  "route add 10.60.0.0/16 via 10.0.0.2 p 77",
  "route add 10.61.0.0/16 via 10.0.0.2 pro bird t 300",
  "route add 10.62.0.0/16 via 10.0.0.2 initcwnd 10 rto_min 200ms",
  "route add default via fd00::9",
  "route add 10.77/16 via 10.0.0.2",
  "-6 route add default dev va",
  "route add 10.1.2.0/24 via nothing",
  "route add 10.1.2.0/24 dev nosuch0",
  "route add 10.1.2.0/24 via 10.0.0.2 metric abc",
  "route add 10.1.2.0/24 via 10.0.0.2 via 10.0.0.3",
  "route add",
  "route del 10.6.0.0/16",
  "route del 10.6.0.0/16",
  "route del 10.6.0.0/16",
  "route del default",
  "route del 10.99.0.0/16",
  "route del 10.50.0.0/24 table 200",
  "route delete fd10::/64",
  "route flush table 300",
  "route flush proto bird table all",
  "route flush dev vb",
  "route flush table 70000",
  "-6 route flush dev va",
  "route flush table main",
];

describeTwinChanges("route changes leave the kernel as ip's do", SETUP, LINES);
