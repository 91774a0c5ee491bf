#!/usr/bin/env node
// Fails when a test marked [guest] did not pass inside the guest: a skip there means the rig
// lost a kernel feature, and the feature would go untested.
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(process.argv[2], "utf8"));
const guest = report.testResults.flatMap((f) => f.assertionResults).filter((t) => t.fullName.includes("[guest]"));
const notPassed = guest.filter((t) => t.status !== "passed");
for (const t of notPassed) console.error(`guest check: ${t.status}: ${t.fullName}`);
if (guest.length === 0) {
  console.error("guest check: no [guest] test ran");
  process.exit(1);
}
console.log(`guest check: ${guest.length - notPassed.length}/${guest.length} [guest] tests passed inside the guest`);
process.exit(notPassed.length ? 1 : 0);
