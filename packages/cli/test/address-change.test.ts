// `underlay address add|change|replace|del|flush` against `ip address` in twin netns: each line run
// by ip in one and by underlay in the other, in order; after each, the two netns must hold the same
// addresses and routes (read back by ip) and the two tools must exit alike.
import { describeTwinChanges } from "./support/twins.js";

// No IPv6 link-local addresses: their DAD runs on its own clock in each twin.
const SETUP = [
  "link add va type veth peer name vb",
  "link set va addrgenmode none",
  "link set vb addrgenmode none",
  "link set va up",
  "link set vb up",
  "link set lo up",
];

const LINES = [
  "addr add 10.2.0.1/24 dev va",
  "addr add 10.2.0.2/24 dev va",
  "addr add 10.2.0.3/24 brd + dev va label va:1",
  "addr add 10.3.0.1/16 broadcast 10.3.255.254 dev vb",
  "addr add 10.4.0.1/24 b - dev vb",
  "addr add 10.5.0.1 peer 10.5.0.2/32 dev vb",
  "a a 10.9.0.1/24 dev vb",
  "addr add fd01::1/64 dev va nodad noprefixroute",
  "addr add fd02::1/64 dev va nodad valid_lft 3000 preferred_lft 2000",
  "addr add fd03::1/64 dev va nodad home mngtmpaddr",
  "addr add 10.6.0.1/24 dev va metric 55",
  "addr add 10.6.0.9/24 dev va scope link",
  "addr add 127.0.0.5/8 dev lo",
  "addr add 10.7.0.1/24 dev va nodad",
  "addr add 10.2.0.1/24 dev va",
  "addr replace 10.2.0.1/24 dev va valid_lft 500 preferred_lft 100",
  "addr change 10.2.0.2/24 dev va preferred_lft 0 valid_lft 300",
  "addr change 10.2.9.9/24 dev va",
  "addr add 10.8.0.1/24",
  "addr add 10.8.0.1/24 dev nosuch0",
  "addr add bogus dev va",
  "addr add 10.8.0.1/24 dev va brd + brd +",
  "addr add 10.8.0.1/24 dev va valid_lft 10 preferred_lft 20",
  "addr add 10.8.0.1/24 dev va valid_lft 0",
  "addr add 10.8.0.1/24 dev va autojoin",
  "addr add fd04::1/64 dev va brd +",
  "addr del 10.2.0.3/24 dev va",
  "addr del 10.9.9.9/24 dev va",
  "addr del 10.6.0.1 dev va",
  "addr del fd01::1/64 dev va",
  "addr flush",
  "addr flush dev vb",
  "addr flush dev va secondary",
  "addr flush dev va to 10.6.0.0/16",
  "-6 addr flush dev va scope global",
  "addr flush dev va primary",
  "addr flush dev va",
  "addr flush dev lo scope host",
];

describeTwinChanges("address changes leave the kernel as ip's do", SETUP, LINES);
