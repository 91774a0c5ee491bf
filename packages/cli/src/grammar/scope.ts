// `scope global|site|link|host`, shared by addresses and routes.
import { constants as C } from "@underlay/netlink";
import type { Words } from "../words.js";

const SCOPES: Record<string, number> = {
  global: C.RT_SCOPE_UNIVERSE,
  universe: C.RT_SCOPE_UNIVERSE,
  site: C.RT_SCOPE_SITE,
  link: C.RT_SCOPE_LINK,
  host: C.RT_SCOPE_HOST,
};

export const scope = (w: Words, keyword = "scope"): number => SCOPES[w.oneOf(keyword, Object.keys(SCOPES))] as number;
