#!/usr/bin/env node
// The instance types SageMaker's API model accepts, written to src/LabStack/assets/models/sagemaker-instance-types.json
// for the lab's settings to offer (a setting offers a type only if the model lists it for that API):
//   node tools/models/instance-types.mjs           writes the file
//   node tools/models/instance-types.mjs --check   exits 1 (and says what differs) when the file is not what the model says
// Source: the enums of @aws-sdk/client-sagemaker (generated from AWS's model): _InstanceType is CreateNotebookInstance's
// InstanceType, ProductionVariantInstanceType a real-time endpoint variant's. (aws-sdk v2's .min.json models drop enums.)
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const sagemaker = require("@aws-sdk/client-sagemaker");
const { version } = require("@aws-sdk/client-sagemaker/package.json");
const file = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "src", "LabStack", "assets", "models", "sagemaker-instance-types.json");

const expected = JSON.stringify({
  source: `@aws-sdk/client-sagemaker ${version}: _InstanceType (CreateNotebookInstance) and ProductionVariantInstanceType`,
  notebook: Object.values(sagemaker._InstanceType).sort(),
  endpoint: Object.values(sagemaker.ProductionVariantInstanceType).sort(),
}, null, 2) + "\n";

if (process.argv.includes("--check")) {
  let actual = "";
  try {
    actual = readFileSync(file, "utf8");
  } catch {
    actual = "";
  }
  if (actual !== expected) {
    process.stderr.write(`${file} is not what the API model says: run node tools/models/instance-types.mjs\n`);
    process.exitCode = 1;
  }
} else {
  writeFileSync(file, expected);
}
