#!/usr/bin/env node
// Runs a state machine from a synthesized template locally, with mocked service responses, and validates its
// definition with asl-validator:
//   node --import ./tools/stepfunctions/polyfill.mjs tools/stepfunctions/run-local.mjs [--import <export>=<value>]...
//        [--machine <logical id prefix>] <template.json> <scenario.json>...
// Each --import gives the value an Fn::ImportValue of that export name stands for (the lake bucket, for example);
// --machine picks one state machine of a template that has several. Wait states pass at once. $$.Execution.StartTime
// is the real clock's (aws-local-stepfunctions sets it itself).
// Each scenario: { "input": ..., "executionName"?: "...", "mocks": { "<task state name>": [ { "result": ... } | { "error": "...", "cause": "..." } ] } }.
// Mocked responses are consumed in call order per state; each is first checked against the API model of the action it
// mocks (tools/validate/sdk.mjs). Prints { aslErrors, runs: { <file>: { status, output | error, cause,
// calls: { <state>: [ <task input> ] }, unusedMocks, modelFindings: [ { rule, message } ] } } }.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { StateMachine, ExecutionError } from "aws-local-stepfunctions";
import { stateMachines, walkStates } from "./definition.mjs";
import { checkMocks } from "../validate/sdk.mjs";

const require = createRequire(import.meta.url);
const aslValidator = require("asl-validator");

/** What the command prints for its arguments (tools/serve.mjs calls it too). */
export async function main(args) {
  args = [...args];
  const imports = {};
  let machinePrefix = "";
  while (args[0] === "--import" || args[0] === "--machine") {
    if (args[0] === "--machine") {
      machinePrefix = args[1];
    } else {
      const [name, ...value] = args[1].split("=");
      imports[name] = value.join("=");
    }
    args.splice(0, 2);
  }
  const [templateFile, ...scenarioFiles] = args;
  const template = JSON.parse(readFileSync(templateFile, "utf8"));
  const machines = stateMachines(template, imports).filter((m) => m.logicalId.startsWith(machinePrefix));
  if (machines.length !== 1) throw new Error(`expected one state machine in ${templateFile} matching "${machinePrefix}", found ${machines.length}`);
  const { definition } = machines[0];

  const { isValid, errorsText } = aslValidator(definition);
  const result = { aslErrors: isValid ? [] : [errorsText("\n")], runs: {} };
  // One StateMachine for every scenario: its constructor validates the definition (asl-validator compiles its JSON
  // schemas anew on each call, most of a scenario's cost), and a run changes nothing in it.
  let stateMachine;
  const machine = () => (stateMachine ??= new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } }));
  for (const file of scenarioFiles) {
    const scenario = JSON.parse(readFileSync(file, "utf8"));
    result.runs[basename(file, ".json")] = { ...(await run(definition, machine, scenario)), modelFindings: await checkMocks(definition, scenario.mocks) };
  }
  return { stdout: JSON.stringify(result, null, 2) + "\n", exitCode: 0 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write((await main(process.argv.slice(2))).stdout);
}

async function run(definition, machine, scenario) {
  const calls = {};
  const queues = Object.fromEntries(Object.entries(scenario.mocks ?? {}).map(([state, responses]) => [state, [...responses]]));
  const handlers = {};
  const retryIntervalOverrides = {};
  const waitTimeOverrides = Object.fromEntries([...walkStates(definition)].filter((s) => s.state.Type === "Wait").map((s) => [s.name, 0]));
  for (const state of [...walkStates(definition)].filter((s) => s.state.Type === "Task").map((s) => s.name)) {
    retryIntervalOverrides[state] = 0; // retry at once: the tests check that a retry happens, not how long it waits
    handlers[state] = async (input) => {
      (calls[state] ??= []).push(input);
      const next = queues[state]?.shift();
      if (!next) throw named("Test.UnexpectedCall", `no mocked response left for "${state}"`);
      if (next.error) throw named(next.error, next.cause ?? "");
      return next.result;
    };
  }
  const execution = machine().run(scenario.input, {
    overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides, waitTimeOverrides },
    context: {
      Execution: {
        Id: `arn:aws:states:us-east-1:123456789012:execution:test-machine:${scenario.executionName ?? "test-execution"}`,
        Name: scenario.executionName ?? "test-execution",
      },
      StateMachine: { Id: "arn:aws:states:us-east-1:123456789012:stateMachine:test-machine", Name: "test-machine" },
      State: { Name: "", EnteredTime: "2026-11-24T12:00:05.000Z", RetryCount: 0 },
    },
  });
  try {
    const output = await execution.result;
    return { status: "SUCCEEDED", output, calls, unusedMocks: unused(queues) };
  } catch (error) {
    if (!(error instanceof ExecutionError)) throw error;
    const cause = error.cause ?? {};
    return { status: "FAILED", error: cause.name ?? error.name, cause: cause.message ?? error.message, calls, unusedMocks: unused(queues) };
  }
}

function named(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

function unused(queues) {
  return Object.entries(queues).filter(([, left]) => left.length > 0).map(([state]) => state);
}
