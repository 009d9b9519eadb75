#!/usr/bin/env node
// Whether a change of each named property of a resource type replaces the resource, per @aws-cdk/aws-service-spec:
//   node tools/validate/replacement.mjs <CloudFormation type> <property>...
// Prints { "<property>": "yes" | "maybe" | "no" }; exits 1 for an unknown type or property.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { loadAwsServiceSpecSync } = require("@aws-cdk/aws-service-spec");

const [type, ...properties] = process.argv.slice(2);
const db = loadAwsServiceSpecSync();
const [resource] = db.lookup("resource", "cloudFormationType", "equals", type);
if (!resource) {
  process.stderr.write(`${type} is not a CloudFormation resource type\n`);
  process.exit(1);
}
const answer = {};
for (const property of properties) {
  const spec = resource.properties[property];
  if (!spec) {
    process.stderr.write(`${type}.${property} is not a property\n`);
    process.exit(1);
  }
  answer[property] = spec.causesReplacement ?? "no";
}
process.stdout.write(JSON.stringify(answer) + "\n");
