// What cannot be equal between the two namespaces however faithful underlay is: the namespace's
// own name, and values that count time (a neighbour's used/confirmed/updated, ages, expiries, the
// bridge's and its ports' timers while they run). Everything else is compared byte for byte.

const TEXT_TIMES = [
  [/\bused \d+\/\d+\/\d+/g, "used T/T/T"],
  [/\b(age|expires) \d+(\.\d+)?sec\b/g, "$1 Tsec"],
  // A running timer ("%4i.%.2i": the padding is the value's own width); one at 0.00 is compared.
  [/\b(\w+_timer)\s+(?!0\.00\b)\d+\.\d+/g, "$1 T"],
];
const JSON_TIMES = /"(used|confirmed|refreshed|updated|age|expires|\w+_timer)":(\s*)(?!0[,\s}])[\d.]+/g;

export function normalise(text, ns) {
  let out = text.split(ns).join("NETNS");
  for (const [re, to] of TEXT_TIMES) out = out.replace(re, to);
  return out.replace(JSON_TIMES, '"$1":$2"T"');
}
