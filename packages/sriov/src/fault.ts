// Test-only crash points. `faultPoint(name)` kills this process with SIGKILL, at once and with no
// cleanup, when the environment variable UNDERLAY_FAULT equals `name`; otherwise it does nothing
// (one string comparison: the variable is read once, when the module loads). Tests start a child
// process with UNDERLAY_FAULT set, let it die at that point, and check that the next process
// repairs what it left behind.
//
// The names are "<area>:<what>:<where>". @underlay/sriov's points, in the order they are passed:
//   vf:allocate:recorded          the allocation and the VF's snapshot are on disk; nothing changed yet
//   vf:apply:STEP:before          STEP is on disk as the step in progress; the VF is not changed yet
//   vf:apply:STEP:after           STEP reached the VF (and read back); not yet on disk as applied
//   vf:allocate:configured        every step applied and on disk; the allocation is not "ready" yet
//   vf:release:marked             the allocation is on disk as "releasing"; nothing restored yet
//   vf:release:restored           the VF is restored; the allocation is still on disk
// STEP is each of APPLY_ORDER: vlan, mac, netdevMac, rate, spoofchk, trust, linkState, mtu
// (VF_FAULT_POINTS lists them all).

const armed = process.env.UNDERLAY_FAULT;

/** SIGKILLs the process when UNDERLAY_FAULT is `name` (tests only; a no-op otherwise). */
export function faultPoint(name: string): void {
  if (armed !== undefined && armed === name) process.kill(process.pid, "SIGKILL");
}
