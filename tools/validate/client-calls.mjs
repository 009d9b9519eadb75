#!/usr/bin/env node
// Calls made through an AWS SDK client, checked against AWS's API models (sdk.mjs's checkClientCalls):
//   node tools/validate/client-calls.mjs <calls.json>
// The file holds [ { service, command, input, output, where } ] (an output of null: an error answer, whose input only
// is checked). Prints [ { rule, message } ], one finding each; served by tools/serve.mjs for the tests that record calls.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkClientCalls } from "./sdk.mjs";

/** What the command prints for its arguments (tools/serve.mjs calls it too). */
export function main([file]) {
  const calls = JSON.parse(readFileSync(file, "utf8")).map((c) => (c.output === null ? { ...c, output: undefined } : c));
  return { stdout: JSON.stringify(checkClientCalls(calls).map(({ rule, message }) => ({ rule, message }))), exitCode: 0 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(main(process.argv.slice(2)).stdout);
}
