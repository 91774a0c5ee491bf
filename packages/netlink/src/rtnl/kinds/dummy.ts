// dummy: `ip link add NAME type dummy`. No kind data.
import type { LinkKind } from "./kind.js";

export interface DummyOptions {
  kind: "dummy";
}

export const dummy: LinkKind<DummyOptions> = { kind: "dummy", needsParent: false, infoData: () => undefined };
