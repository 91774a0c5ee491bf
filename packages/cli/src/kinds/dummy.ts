// dummy: no options, and ip prints no detail for it.
import { readKeywords } from "../words.js";
import type { CliKind } from "./kind.js";

export const dummy: CliKind = {
  name: "dummy",
  usage: "",
  parse: (w) => {
    readKeywords(w, {});
    return { kind: "dummy" };
  },
};
