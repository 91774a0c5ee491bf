// A list of messages printed one by one as ip prints a dump: the text lines one after another,
// or (-j) one JSON array of their objects.
import { IpPrint, type IpPrintMode, type JsonValue } from "./ip-print.js";

export function ipList<T, O extends IpPrintMode>(
  list: readonly T[],
  o: O,
  print: (p: IpPrint, item: T, o: O) => void,
): { text: string; json: JsonValue[] } {
  let text = "";
  const json: JsonValue[] = [];
  for (const item of list) {
    const p = new IpPrint(o);
    print(p, item, o);
    text += p.text;
    if (o.json) json.push(p.root);
  }
  return { text, json };
}
