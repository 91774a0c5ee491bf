// The links this driver made on the host (a parent.VID, an isolated parent), for every driver name
// of the process. Each is written down before it is added, so that reconcile deletes only links
// whose creation we recorded, never a look-alike of another instance; and each goes when the last
// network using it goes (moby 27+ behaviour).
import { join } from "node:path";
import { readJson, writeJsonAtomic } from "@underlay/state";
import { z } from "zod";

export interface CreatedLink {
  name: string;
  kind: "vlan" | "isolated";
  /** The veth peer of an isolated parent on a kernel without dummy links. */
  peer?: string;
}

const schema = z.object({
  version: z.literal(1),
  links: z.array(z.object({ name: z.string(), kind: z.enum(["vlan", "isolated"]), peer: z.string().optional() })),
});
type State = z.infer<typeof schema>;

export class CreatedLinks {
  private readonly path: string;
  private state: State;

  constructor(stateRoot: string) {
    this.path = join(stateRoot, "created-links.json");
    this.state = readJson<State>(this.path, { version: 1, links: [] }, schema);
  }

  list(): CreatedLink[] {
    return [...this.state.links];
  }

  get(name: string): CreatedLink | undefined {
    return this.state.links.find((l) => l.name === name);
  }

  /** Records a link about to be added (call before linkAdd); a second call for one name updates it. */
  intend(link: CreatedLink): void {
    this.commit([...this.state.links.filter((l) => l.name !== link.name), link]);
  }

  /** Forgets a link that was deleted (call after linkDel). */
  forget(name: string): void {
    this.commit(this.state.links.filter((l) => l.name !== name));
  }

  private commit(links: CreatedLink[]): void {
    const next: State = { version: 1, links };
    writeJsonAtomic(this.path, next);
    this.state = next;
  }
}
