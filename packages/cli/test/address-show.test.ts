// `underlay address show` against iproute2 6.1's `ip address show` on the same netns: the same
// bytes on stdout and the same exit code, for the layouts (default, -br, -o, -j, -4/-6, -s) and
// the selectors (dev, to, scope, flags, label, up, type, master).
import { describeSameAsIp } from "./support/twins.js";

// va/vb stay down so their counters hold still for -s; addresses of most kinds ip prints differently.
const SETUP = [
  "link add va type veth peer name vb",
  "link add br0 type bridge",
  "link set vb master br0",
  "addr add 10.0.0.1/24 brd + dev va",
  "addr add 10.0.0.2/24 dev va",
  "addr add 10.0.0.3/24 dev va label va:1",
  "addr add 10.5.0.1 peer 10.5.0.2/32 dev vb",
  "addr add 10.6.0.1/24 dev vb metric 55",
  "addr add 10.7.0.1/24 dev va valid_lft 4000 preferred_lft 0",
  "addr add fd00::1/64 dev va nodad noprefixroute",
  "addr add fd01::1/64 dev va nodad home mngtmpaddr",
  "addr add fd02::1/64 dev vb",
  "addr add 127.0.0.5/8 dev lo",
];

// 10.7.0.1's life time counts down between the two runs: compared with its seconds taken out.
const SAME_AS_IP = [
  "addr",
  "address show",
  "a s",
  "a l",
  "addr lst",
  "-4 addr",
  "-6 addr",
  "-br addr",
  "-br -4 addr",
  "-br -6 addr",
  "-o addr",
  "-o -6 addr",
  "-c addr",
  "-c -br addr",
  "-j addr show dev vb",
  "-j -6 addr",
  "-j -br addr",
  "-j addr show up",
  "-j -p addr show dev va",
  "-j -p -6 addr",
  "-s addr show dev va",
  "-s -s addr show dev va",
  "-j -s addr show dev va",
  "-d addr show dev vb",
  "addr show dev va",
  "addr show va",
  "addr show dev lo",
  "addr show to 10.0.0.0/8",
  "addr show to 10.5.0.1",
  "addr show to fd00::/16",
  "addr show scope host",
  "addr show scope link",
  "addr show scope global",
  "addr show scope all",
  "addr show secondary",
  "addr show primary",
  "addr show permanent",
  "addr show -tentative",
  "addr show nodad",
  "addr show noprefixroute",
  "addr show home",
  "addr show label va:1",
  "addr show label va*",
  "addr show up",
  "addr show type bridge",
  "addr show type veth",
  "addr show type bridge_slave",
  "addr show master br0",
  "addr show nomaster",
  "-4 addr show dev vb",
  "-6 addr show dev vb",
];

const ERRORS_AS_IP = [
  "addr show dev nosuch0",
  "addr show scope frob",
  "addr show va vb",
  "addr show master nosuch0",
  "addr frob",
];

describeSameAsIp("address show prints what ip address show prints", SETUP, SAME_AS_IP, ERRORS_AS_IP);
