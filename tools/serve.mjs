#!/usr/bin/env node
// Runs the repository's Node tools in one long-lived process, so that a test run pays for loading aws-cdk-lib, cdk-nag,
// ajv's compiled schemas and the API models once, not once per call:
//   node --import ./tools/stepfunctions/polyfill.mjs tools/serve.mjs
// Reads one request a line on stdin, { "tool": "<path from the repository root>", "args": [...] }, and answers each with
// one line on stdout, { "stdout": "...", "exitCode": n } or { "error": "..." }, in order. A served tool exports
// `main(args)`, which returns what its command line prints and its exit code (the tool still runs as a command).
// Anything else written to stdout while a tool runs goes to stderr, so the answers stay one JSON document a line.
import { createInterface } from "node:readline";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const answer = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);
console.log = console.error;

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === "") continue;
  let reply;
  try {
    const { tool, args } = JSON.parse(line);
    const { main } = await import(pathToFileURL(resolve(root, tool)).href);
    if (typeof main !== "function") throw new Error(`${tool} exports no main(args): it is not a served tool`);
    const { stdout, exitCode = 0 } = await main(args);
    reply = { stdout, exitCode };
  } catch (error) {
    reply = { error: String(error?.stack ?? error) };
  }
  answer(JSON.stringify(reply) + "\n");
}
