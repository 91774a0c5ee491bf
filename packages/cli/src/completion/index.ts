// The completion generator's entry: the bundle makes it a file of its own (completion.js), which
// only `underlay completion` loads; the tables it reads come from the caller (model.ts's Sources).
import { manPage } from "./man.js";
import { loadModel, type Sources } from "./model.js";
import { bashScript, zshScript } from "./shells.js";

export type { Sources } from "./model.js";
export type Output = "bash" | "zsh" | "man";

export async function generate(what: Output, sources: Sources): Promise<string> {
  const model = await loadModel(sources);
  return what === "bash" ? bashScript(model) : what === "zsh" ? zshScript(model) : manPage(model);
}
