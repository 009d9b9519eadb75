#!/usr/bin/env node
// Validates SageMaker pipeline definitions against the published pipeline-definition JSON schema (pipeline-schema/,
// copied with its source) with ajv:
//   node tools/validate/pipeline-definition.mjs [--published-only] <template.json | definition.json>...
// A template: every AWS::SageMaker::Pipeline's PipelineDefinitionBody, its CloudFormation intrinsics resolved to fixed
// test values (tools/stepfunctions/definition.mjs). A definition file: the definition itself. --published-only leaves out service-additions.json (the
// members SageMaker accepts that the published schema lacks; pipeline-schema/README.md says why each is there).
// Each job, model and registration step's Arguments are also checked against SageMaker's API model (checkApiRequests).
// Prints { definitions: [ { file, logicalId, definition, errors: [ { path, message } ], modelFindings: [ { rule, message } ] } ] }.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { resolve } from "../stepfunctions/definition.mjs";
import { checkClientCalls } from "./sdk.mjs";

const require = createRequire(import.meta.url);
const Ajv = require("ajv");
const here = dirname(fileURLToPath(import.meta.url));

/** The schema, with the service additions unless `publishedOnly`. */
export function pipelineSchema({ publishedOnly = false } = {}) {
  const schema = JSON.parse(readFileSync(join(here, "pipeline-schema", "pipeline-definition.schema.json"), "utf8"));
  delete schema.$schema; // "http://json-schema.org/schema#": no particular draft; ajv reads it as draft-07
  if (!publishedOnly) {
    for (const { path, value } of JSON.parse(readFileSync(join(here, "pipeline-schema", "service-additions.json"), "utf8")).additions) {
      const parent = path.slice(0, -1).reduce((node, key) => node[key], schema);
      const last = path.at(-1);
      if (last === "-") parent.push(value);
      else parent[last] = value;
    }
  }
  return schema;
}

/** The compiled schema, with the service additions unless `publishedOnly` (compiled once per process: tools/serve.mjs). */
const validators = new Map();
function schemaValidator({ publishedOnly = false } = {}) {
  if (!validators.has(publishedOnly)) {
    // strict: false because the published file carries keywords ajv does not know ("Values" beside "properties").
    validators.set(publishedOnly, new Ajv({ allErrors: true, strict: false }).compile(pipelineSchema({ publishedOnly })));
  }
  return validators.get(publishedOnly);
}

/** Errors ({ path, message }) of `definition` against the schema. */
export function validateDefinition(definition, options = {}) {
  const validate = schemaValidator(options);
  const schemaErrors = validate(definition) ? [] :
    validate.errors.map((e) => ({ path: e.instancePath || "/", message: `${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}` }));
  return [...schemaErrors, ...checkReferences(definition)];
}

/**
 * What the schema cannot check: every Get names a parameter, an execution variable, or a step of the definition (and
 * one of that step's processing outputs), and every DependsOn names a step. Errors as { path, message }.
 */
export function checkReferences(definition) {
  const errors = [];
  const steps = new Map();
  const collect = (list) => {
    for (const step of list ?? []) {
      steps.set(step.Name, step);
      collect(step.Arguments?.IfSteps);
      collect(step.Arguments?.ElseSteps);
    }
  };
  collect(definition.Steps);
  const parameters = new Set((definition.Parameters ?? []).map((p) => p.Name));
  const walk = (node, path) => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${path}/${i}`));
    if (node === null || typeof node !== "object") return;
    if (typeof node.Get === "string") {
      const [scope, name] = node.Get.split(".");
      if (scope === "Parameters" && !parameters.has(name)) errors.push({ path, message: `Get ${node.Get}: no parameter ${name}` });
      if (scope === "Steps") {
        const step = steps.get(name);
        const output = /Outputs\['([^']+)'\]/.exec(node.Get)?.[1];
        if (!step) errors.push({ path, message: `Get ${node.Get}: no step ${name}` });
        else if (output && !(step.Arguments?.ProcessingOutputConfig?.Outputs ?? []).some((o) => o.OutputName === output))
          errors.push({ path, message: `Get ${node.Get}: step ${name} has no output ${output}` });
      }
      if (!["Parameters", "Steps", "Execution"].includes(scope)) errors.push({ path, message: `Get ${node.Get}: not a parameter, step or execution variable` });
    }
    for (const [key, value] of Object.entries(node)) walk(value, `${path}/${key}`);
  };
  walk(definition.Steps, "/Steps");
  for (const step of steps.values())
    for (const need of step.DependsOn ?? []) if (!steps.has(need)) errors.push({ path: `/Steps/${step.Name}`, message: `DependsOn names no step ${need}` });
  return errors;
}

/** The API request each step makes of SageMaker, and the member SageMaker names for the pipeline. */
const Requests = {
  Processing: ["CreateProcessingJob", "ProcessingJobName"],
  Training: ["CreateTrainingJob", "TrainingJobName"],
  Transform: ["CreateTransformJob", "TransformJobName"],
  // A pipeline names what its steps create, models too (pipelines-<execution>-<step>-...: the Model step's output in
  // https://docs.aws.amazon.com/sagemaker/latest/dg/define-pipeline.html), whatever the arguments say.
  Model: ["CreateModel", "ModelName"],
  RegisterModel: ["CreateModelPackage", null],
};

/**
 * Each job, model and registration step's Arguments against SageMaker's API model (tools/validate/sdk.mjs): a step's Arguments
 * are the request SageMaker makes for it, with the job's name added by the pipeline and every Get or Std:Join resolved at
 * run time. Findings as { rule, message }.
 */
export function checkApiRequests(definition) {
  const atRunTime = (v) => Array.isArray(v) ? v.map(atRunTime)
    : v && typeof v === "object" ? (v.Get || v["Std:Join"] ? "resolved-at-run-time" : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, atRunTime(x)])))
    : v;
  const steps = [];
  const collect = (list) => { for (const step of list ?? []) { steps.push(step); collect(step.Arguments?.IfSteps); collect(step.Arguments?.ElseSteps); } };
  collect(definition.Steps);
  return checkClientCalls(steps.filter((step) => Requests[step.Type]).map((step) => {
    const [action, name] = Requests[step.Type];
    return { service: "sagemaker", command: `${action}Command`, where: `step ${step.Name}`,
      input: { ...atRunTime(step.Arguments ?? {}), ...(name ? { [name]: "named-by-the-pipeline" } : {}) } };
  }));
}

/** Every pipeline definition of a template: [{ logicalId, definition }]. */
export function pipelineDefinitions(template) {
  return Object.entries(template.Resources ?? {})
    .filter(([, r]) => r.Type === "AWS::SageMaker::Pipeline")
    .map(([logicalId, r]) => ({ logicalId, definition: JSON.parse(resolve(r.Properties.PipelineDefinition.PipelineDefinitionBody, {}, template)) }));
}

/** What the command prints for its arguments (tools/serve.mjs calls it too). */
export function main(args) {
  const publishedOnly = args.includes("--published-only");
  const definitions = [];
  for (const file of args.filter((a) => !a.startsWith("--"))) {
    const json = JSON.parse(readFileSync(file, "utf8"));
    const found = json.Resources ? pipelineDefinitions(json) : [{ logicalId: null, definition: json }];
    for (const { logicalId, definition } of found)
      definitions.push({ file, logicalId, definition, errors: validateDefinition(definition, { publishedOnly }), modelFindings: checkApiRequests(definition) });
  }
  return { stdout: JSON.stringify({ definitions }), exitCode: 0 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(main(process.argv.slice(2)).stdout);
}
