// Step Functions AWS SDK integrations checked against AWS's own API models. Step Functions validates none of this at
// deploy time: a misspelled parameter or a result path into a member that does not exist fails only at run time.
//
// Models: the `aws-sdk` (v2) package's apis/*.min.json: every service's operations with input and output shapes,
// member names, nesting, types and required members (the .min form drops documentation, enums, length limits and
// error lists). Error names: the modeled exceptions each `@aws-sdk/client-<service>` (v3) package exports, named
// as Step Functions names them (<Service>.<Name>, with "Exception" appended when the model's name lacks it).
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { stateMachines, walkStates } from "../stepfunctions/definition.mjs";

const require = createRequire(import.meta.url);
const apis = dirname(require.resolve("aws-sdk/apis/metadata.json"));
const metadata = JSON.parse(readFileSync(join(apis, "metadata.json"), "utf8"));
const modelFiles = readdirSync(apis).filter((f) => f.endsWith(".min.json"));
const models = new Map();
const errorSets = new Map();
const SDK = /^arn:aws:states:::aws-sdk:([a-z0-9]+):([A-Za-z0-9]+)(\.(sync|waitForTaskToken))?$/;

/** Findings for every SDK task of every state machine in the templates. */
export async function checkSdkCalls(templates) {
  const findings = [];
  for (const { name: template, template: body } of templates) {
    for (const { logicalId, definition } of stateMachines(body)) {
      findings.push(...(await checkDefinition(definition)).map((f) => ({ validator: "sdk-model", template, logicalId, ...f })));
    }
  }
  return findings;
}

/** Findings ({ state, rule, message }) for one definition. */
export async function checkDefinition(definition) {
  const findings = [];
  const add = (state, rule, message) => findings.push({ rule, message: `${state}: ${message}` });
  const states = [...walkStates(definition)];
  for (const { name, state, scope, parent } of states) {
    for (const [kind, list] of [["Retry", state.Retry], ["Catch", state.Catch]]) {
      for (const error of (list ?? []).flatMap((r) => r.ErrorEquals)) {
        const problem = await errorProblem(state.Resource, error);
        if (problem) add(name, "SDK-UnknownError", `${kind} names ${error}: ${problem}`);
      }
    }
    const call = sdkCall(state.Resource);
    if (!call) continue;
    if (!call.model) {
      add(name, "SDK-UnknownService", `no API model for the service "${call.service}"`);
      continue;
    }
    if (!call.operation) {
      add(name, "SDK-UnknownAction", `${call.service} has no action ${call.action} in its API model`);
      continue;
    }
    checkInput(call, call.operation.input ?? { type: "structure", members: {} }, state.Parameters ?? {}, "Parameters", (rule, message) => add(name, rule, message));

    const output = call.operation.output ?? { type: "structure", members: {} };
    const readOutput = (path, where, { guarded = false } = {}) => {
      const { problem, optional } = walkPath(call.model, output, path);
      if (problem) add(name, "SDK-UnknownResultMember", `${where} reads ${path}: ${problem} in the output of ${call.service}:${call.action}`);
      if (!problem && !guarded && optional) {
        add(name, "SDK-UnguardedOptionalMember", `${where} reads ${path}, but ${optional} is optional in the output of ${call.service}:${call.action}: ` +
          "a path to a member the service leaves out fails the run with States.Runtime, which no Catch takes (merge defaults first, or test it with IsPresent)");
      }
    };
    if (state.ResultSelector) {
      for (const path of dynamicPaths(state.ResultSelector)) readOutput(path, "ResultSelector");
      continue;
    }
    // Without a ResultSelector the raw result lands at ResultPath: check what other states read under it.
    const resultPath = state.ResultPath === undefined ? "$" : state.ResultPath;
    if (resultPath === null) continue;
    if (resultPath !== "$") {
      for (const other of states.filter((s) => s.scope === scope)) {
        for (const path of allPaths(other.state)) {
          if (path.startsWith(resultPath + ".") || path.startsWith(resultPath + "[")) {
            const guarded = presenceTested(scope, other.name, path);
            readOutput("$" + path.slice(resultPath.length), `${other.name} (through ${resultPath})`, { guarded });
          }
        }
      }
    } else if (state.End && parent?.index !== null && parent?.index !== undefined && parent.state.ResultSelector) {
      // The last state of a Parallel branch: the Parallel's ResultSelector reads it as $[index].
      for (const path of dynamicPaths(parent.state.ResultSelector)) {
        const prefix = `$[${parent.index}]`;
        if (path.startsWith(prefix)) readOutput("$" + path.slice(prefix.length), `${parent.name}'s ResultSelector`);
      }
    }
  }
  return findings;
}

/** Findings ({ state, rule, message }) for mocked responses: each result must fit the action's output shape. */
export async function checkMocks(definition, mocks) {
  const findings = [];
  const byName = new Map([...walkStates(definition)].map((s) => [s.name, s.state]));
  for (const [stateName, responses] of Object.entries(mocks ?? {})) {
    const state = byName.get(stateName);
    const call = state && sdkCall(state.Resource);
    if (!call?.operation) {
      findings.push({ rule: "Mock-UnknownState", message: `${stateName}: no SDK task of that name with a modeled action` });
      continue;
    }
    for (const [i, response] of responses.entries()) {
      const where = `${stateName} response ${i + 1}`;
      if (response.error !== undefined) {
        const problem = await errorProblem(state.Resource, response.error);
        if (problem) findings.push({ rule: "Mock-UnknownError", message: `${where}: ${response.error}: ${problem}` });
      } else {
        checkValue(call.model, call.operation.output ?? { type: "structure", members: {} }, response.result, "result", (rule, message) =>
          findings.push({ rule: rule.replace("SDK-", "Mock-"), message: `${where}: ${message}` }), { output: true });
      }
    }
  }
  return findings;
}

/**
 * Findings ({ rule, message }) for calls made through an AWS SDK client (the lab's inline Lambda functions): each
 * `{ service, command, input, output, where }` (command as the v3 client names it, e.g. ListEndpointsCommand; `where`
 * names the call in findings, else its position) must name an
 * action of the service's model, its input must fit the input shape (members, types, required ones) and its output,
 * when given (a recorded fake's answer), the output shape. Members compare as Step Functions writes them (PascalCase).
 */
export function checkClientCalls(calls) {
  const findings = [];
  for (const [i, { service, command, input, output, where: place }] of calls.entries()) {
    const call = sdkCall(`arn:aws:states:::aws-sdk:${service}:${command.replace(/Command$/, "")}`);
    const where = `${place ?? `call ${i + 1}`} (${service} ${command})`;
    const report = (rule, message) => findings.push({ rule, message: `${where}: ${message}` });
    if (!call?.operation) {
      report("SDK-UnknownAction", `${call?.model ? "no such action" : "no API model for the service"}`);
      continue;
    }
    checkInput(call, call.operation.input ?? { type: "structure", members: {} }, pascalKeys(input ?? {}), "input", report);
    if (output !== undefined) checkValue(call.model, call.operation.output ?? { type: "structure", members: {} }, pascalKeys(output), "output", report, { output: true });
  }
  return findings;
}

function pascalKeys(value) {
  if (Array.isArray(value)) return value.map(pascalKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [pascal(k), pascalKeys(v)]));
}

function sdkCall(resource) {
  const match = typeof resource === "string" ? SDK.exec(resource) : null;
  if (!match) return null;
  const [, service, action] = match;
  const model = modelFor(service);
  const operationName = action[0].toUpperCase() + action.slice(1);
  return { service, action, model, operation: model?.operations[operationName] };
}

function modelFor(service) {
  if (models.has(service)) return models.get(service);
  const entry = Object.entries(metadata).find(([key, m]) => key === service || m.prefix === service || m.name.toLowerCase() === service);
  let file = null;
  if (entry) {
    const prefix = entry[1].prefix ?? entry[0];
    file = modelFiles.filter((f) => f.startsWith(prefix + "-") && /^\d{4}-\d{2}-\d{2}\.min\.json$/.test(f.slice(prefix.length + 1))).sort().at(-1);
  }
  if (!file) {
    // Step Functions names some services by their service id (for example "sfn" for Step Functions itself).
    file = modelFiles.find((f) => JSON.parse(readFileSync(join(apis, f), "utf8")).metadata.serviceId?.toLowerCase().replace(/ /g, "") === service);
  }
  const model = file ? JSON.parse(readFileSync(join(apis, file), "utf8")) : null;
  models.set(service, model);
  return model;
}

/** Why Step Functions would never raise this error for this resource, or null when it can. */
async function errorProblem(resource, error) {
  if (error === "States.ALL" || error.startsWith("States.")) return null;
  const call = sdkCall(resource);
  if (!call) return null; // not an SDK task: errors are the task's own (or LabStack.*)
  const [prefix, name] = error.split(".", 2);
  if (!name || prefix.toLowerCase() !== call.service) return `expected ${call.service}'s errors to be named <${pascal(call.service)}>.<Name>`;
  const known = await errorNames(call.service);
  if (known === null) return `no @aws-sdk/client-${call.service} package to read ${call.service}'s errors from`;
  if (name === `${prefix}Exception` || known.has(name)) return null;
  return `not an error ${call.service}'s API model defines (known: ${[...known].sort().join(", ")})`;
}

async function errorNames(service) {
  if (errorSets.has(service)) return errorSets.get(service);
  let names = null;
  try {
    const client = require(`@aws-sdk/client-${service}`);
    const base = Object.entries(client).find(([key, value]) => key.endsWith("ServiceException") && typeof value === "function")?.[1];
    names = new Set(Object.entries(client)
      .filter(([, value]) => typeof value === "function" && base && value.prototype instanceof base)
      .map(([key]) => (key.endsWith("Exception") ? key : key + "Exception")));
  } catch {
    names = null;
  }
  errorSets.set(service, names);
  return names;
}

function pascal(name) {
  return name[0].toUpperCase() + name.slice(1);
}

// Step Functions writes every member in PascalCase, even where the API model's is camelCase (Step Functions' own
// API, for example): members and required lists are compared in that form.
function shapeOf(model, ref) {
  let shape = ref ?? {};
  while (shape.shape) shape = { ...model.shapes[shape.shape], ...Object.fromEntries(Object.entries(shape).filter(([k]) => k !== "shape")) };
  if (shape.members) {
    shape = {
      ...shape,
      members: Object.fromEntries(Object.entries(shape.members).map(([name, member]) => [pascal(name), member])),
      required: (shape.required ?? []).map(pascal),
    };
  }
  return shape;
}

function kind(shape) {
  return shape.type ?? "string";
}

function checkInput(call, ref, value, where, report) {
  checkValue(call.model, ref, value, where, report, { output: false });
}

/** Checks a literal value (Parameters, or a mocked result) against a shape; keys ending in ".$" are paths, checked by name only. */
function checkValue(model, ref, value, where, report, { output }) {
  const shape = shapeOf(model, ref);
  const type = kind(shape);
  const expected = {
    structure: "an object", map: "an object", list: "an array", boolean: "a boolean",
    integer: "a number", long: "a number", float: "a number", double: "a number",
    string: "a string", blob: "a string", timestamp: "a timestamp string",
  }[type];
  const actual = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
  const fits = {
    structure: actual === "object", map: actual === "object", list: actual === "array", boolean: actual === "boolean",
    integer: actual === "number" && Number.isInteger(value), long: actual === "number" && Number.isInteger(value),
    float: actual === "number", double: actual === "number", string: actual === "string", blob: actual === "string",
    timestamp: actual === "string" || actual === "number",
  }[type];
  if (!fits) {
    report("SDK-WrongType", `${where} is ${actual === "object" ? "an object" : `${actual} ${JSON.stringify(value)}`}; the model expects ${expected}`);
    return;
  }
  if (type === "structure") {
    const members = shape.members ?? {};
    for (const [rawKey, member] of Object.entries(value)) {
      const key = rawKey.endsWith(".$") ? rawKey.slice(0, -2) : rawKey;
      if (!(key in members)) {
        report("SDK-UnknownMember", `${where}.${key} is not a member (members: ${Object.keys(members).join(", ") || "none"})`);
      } else if (!rawKey.endsWith(".$")) {
        checkValue(model, members[key], member, `${where}.${key}`, report, { output });
      }
    }
    if (!output) {
      for (const required of shape.required ?? []) {
        if (!(required in value) && !(`${required}.$` in value)) report("SDK-MissingRequiredMember", `${where}.${required} is required`);
      }
    }
  } else if (type === "list") {
    value.forEach((item, i) => checkValue(model, shape.member, item, `${where}[${i}]`, report, { output }));
  } else if (type === "map") {
    for (const [key, item] of Object.entries(value)) checkValue(model, shape.value, item, `${where}.${key}`, report, { output });
  }
}

/** The JSONPaths a ResultSelector's ".$" values read (intrinsic functions' path arguments included). */
function dynamicPaths(template) {
  const paths = [];
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key.endsWith(".$") && typeof value === "string") paths.push(...pathsIn(value));
      else visit(value);
    }
  };
  visit(template);
  return paths;
}

/** Every JSONPath a state reads from its input: Parameters, ItemSelector, Choice variables, ItemsPath, InputPath (an IsPresent test reads nothing). */
function allPaths(state) {
  const paths = [...dynamicPaths(state.Parameters ?? {}), ...dynamicPaths(state.ItemSelector ?? {})];
  for (const key of ["InputPath", "ItemsPath"]) if (typeof state[key] === "string") paths.push(state[key]);
  const rules = [...(state.Choices ?? [])];
  while (rules.length) {
    const rule = rules.pop();
    if (rule.Variable && rule.IsPresent === undefined) paths.push(rule.Variable);
    for (const [key, value] of Object.entries(rule)) if (key.endsWith("Path") && typeof value === "string") paths.push(value);
    rules.push(...(rule.And ?? []), ...(rule.Or ?? []), ...(rule.Not ? [rule.Not] : []));
  }
  return paths.filter((p) => p.startsWith("$") && !p.startsWith("$$"));
}

function pathsIn(expression) {
  if (!expression.startsWith("States.")) return expression.startsWith("$$") ? [] : [expression];
  return [...expression.matchAll(/(?<![$\w])\$(?:\.[A-Za-z_][\w-]*|\[[^\]]*\])+/g)].map((m) => m[0]);
}

/**
 * True when every way into state `name` of `scope` is a Choice rule that tests, with IsPresent: true, `path` or a
 * path below it (a present $.a.b.c implies a present $.a.b): the read cannot meet a missing member.
 */
function presenceTested(scope, name, path) {
  const ways = [];
  for (const [from, state] of Object.entries(scope)) {
    if (state.Next === name || state.Default === name) ways.push(null);
    for (const handler of state.Catch ?? []) if (handler.Next === name) ways.push(null);
    for (const rule of state.Choices ?? []) if (rule.Next === name) ways.push(rule);
    if (from === name && state.Type === "Choice") return false;
  }
  const tests = (rule) => [rule, ...(rule.And ?? [])].some((r) => r.IsPresent === true && (r.Variable === path || r.Variable?.startsWith(path + ".") || r.Variable?.startsWith(path + "[")));
  return ways.length > 0 && ways.every((rule) => rule !== null && tests(rule));
}

/**
 * Walks a JSONPath through a result of this shape: `problem` says why it cannot select anything (null when it can),
 * `optional` names the first member on it that the model does not mark required ("$.Languages"), or null.
 */
function walkPath(model, ref, path) {
  const tokens = [...path.slice(1).matchAll(/\.([A-Za-z_][\w-]*)(\(\))?|\[([^\]]*)\]/g)];
  let shape = shapeOf(model, ref);
  let walked = "$";
  let optional = null;
  const fail = (problem) => ({ problem, optional });
  for (const [token, name, call, bracket] of tokens) {
    if (call) return fail(null); // a function such as length()
    if (name !== undefined) {
      while (kind(shape) === "list") shape = shapeOf(model, shape.member); // a projection applies to each item
      if (kind(shape) === "map") {
        shape = shapeOf(model, shape.value);
      } else if (kind(shape) === "structure") {
        if (!(name in (shape.members ?? {}))) return fail(`${walked}.${name} is not a member (members: ${Object.keys(shape.members ?? {}).join(", ")})`);
        if (optional === null && !(shape.required ?? []).includes(name)) optional = `${walked}.${name}`;
        shape = shapeOf(model, shape.members[name]);
      } else {
        return fail(`${walked} is a ${kind(shape)}, it has no member ${name}`);
      }
    } else {
      if (kind(shape) !== "list") return fail(`${walked} is a ${kind(shape)}, not a list`);
      const item = shapeOf(model, shape.member);
      for (const [, field] of bracket.matchAll(/@\.([A-Za-z_][\w-]*)/g)) {
        if (kind(item) !== "structure" || !(field in (item.members ?? {}))) return fail(`the filter's @.${field} is not a member of ${walked}'s items`);
      }
      if (/^\d+$/.test(bracket)) shape = item;
    }
    walked += token;
  }
  return fail(null);
}
