// A process for the crash tests to kill: one VfPool call through the BUILT package (a plain node
// process cannot load the TypeScript sources), then the result as JSON on stdout. Started with
// UNDERLAY_FAULT set, it dies by SIGKILL at that fault point (see src/fault.ts).
//   node crash-child.mjs '{"pf","stateDir","sysfsRoot","netns"?,"request"?|"release"?}'
import { Handle } from "@underlay/netlink";
import { Sysfs, VfPool } from "@underlay/sriov";

const job = JSON.parse(process.argv[2] ?? "{}");
const handle = new Handle(job.netns ? { netns: { name: job.netns } } : {});
try {
  const pool = new VfPool({ pf: job.pf, stateDir: job.stateDir, sysfs: new Sysfs(job.sysfsRoot), handle });
  const out = job.release ? await pool.release(job.release) : await pool.allocate(job.request);
  process.stdout.write(`${JSON.stringify(out)}\n`);
} finally {
  handle.close();
}
