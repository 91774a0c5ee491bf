// Before 0.2 each driver name kept its own VF pool and SR-IOV records in its folder, so two names
// could hand out one VF. Now they are host-wide, in the state root: this moves old records there
// once (under the state folder's lock), so no allocation is forgotten across an upgrade.
import { existsSync, readdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { readJson, writeJsonAtomic } from "@underlay/state";

type Json = Record<string, unknown>;

/** Merges `from` into `to`: allocations appended (pool files), PF records added (numvfs file). */
function merge(name: string, from: Json, to: Json): Json {
  if (name === "sriov-numvfs.json") return { ...from, ...to, pfs: { ...(from.pfs as Json), ...(to.pfs as Json) } };
  const all = [...((to.allocations as Json[]) ?? []), ...((from.allocations as Json[]) ?? [])];
  return { ...from, ...to, allocations: all };
}

/** Returns what it moved, for the log. */
export function migratePerNameState(stateRoot: string, names: string[]): string[] {
  const moved: string[] = [];
  for (const name of names) {
    const dir = join(stateRoot, name);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => /^(vf-pool-.+|sriov-numvfs)\.json$/.test(f))) {
      const from = readJson<Json>(join(dir, file), {});
      const target = join(stateRoot, file);
      writeJsonAtomic(target, merge(file, from, readJson<Json>(target, {})));
      unlinkSync(join(dir, file));
      moved.push(`${join(dir, file)}: merged into ${target} (VF records are host-wide now)`);
    }
  }
  return moved;
}
