// Resource types, resource attributes and property names (nested ones too, and those set through escape
// hatches, since this reads the synthesized template) checked against @aws-cdk/aws-service-spec;
// required properties must be present.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { loadAwsServiceSpecSync } = require("@aws-cdk/aws-service-spec");

const RESOURCE_KEYS = new Set(["Type", "Properties", "DependsOn", "Metadata", "Condition", "DeletionPolicy",
  "UpdateReplacePolicy", "UpdatePolicy", "CreationPolicy"]);

export function checkSpec(templates, requiredTags = {}) {
  const db = loadAwsServiceSpecSync();
  const findings = [];
  for (const { name, template } of templates) {
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      const report = (rule, message) => findings.push({ validator: "spec", template: name, logicalId, rule, message });
      for (const key of Object.keys(resource)) {
        if (!RESOURCE_KEYS.has(key)) report("Spec-UnknownResourceAttribute", `${key} is not a resource attribute`);
      }
      const type = resource.Type;
      if (typeof type !== "string") {
        report("Spec-MissingType", "the resource has no Type");
        continue;
      }
      if (type.startsWith("Custom::") || type === "AWS::CloudFormation::CustomResource") continue;
      const spec = db.lookup("resource", "cloudFormationType", "equals", type);
      if (spec.length !== 1) {
        report("Spec-UnknownType", `${type} is not a CloudFormation resource type`);
        continue;
      }
      checkProperties(db, spec[0].properties, resource.Properties ?? {}, type, report);
      checkTags(spec[0].tagInformation, resource.Properties ?? {}, requiredTags, report);
    }
  }
  return findings;
}

function checkProperties(db, properties, value, path, report) {
  if (isIntrinsic(value) || typeof value !== "object" || value === null || Array.isArray(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const property = properties[key];
    if (!property) {
      report("Spec-UnknownProperty", `${path}.${key} is not a property (allowed: ${Object.keys(properties).sort().join(", ")})`);
      continue;
    }
    checkValue(db, property.type, child, `${path}.${key}`, report);
  }
  for (const [key, property] of Object.entries(properties)) {
    if (property.required && !(key in value)) report("Spec-MissingRequiredProperty", `${path}.${key} is required`);
  }
}

function checkValue(db, type, value, path, report) {
  if (isIntrinsic(value) || value === undefined || value === null) return;
  switch (type.type) {
    case "ref": {
      const definition = db.get("typeDefinition", type.reference.$ref);
      checkProperties(db, definition.properties, value, path, report);
      break;
    }
    case "array":
      if (Array.isArray(value)) value.forEach((item, i) => checkValue(db, type.element, item, `${path}[${i}]`, report));
      break;
    case "map":
      if (typeof value === "object" && !Array.isArray(value)) {
        for (const [k, item] of Object.entries(value)) checkValue(db, type.element, item, `${path}.${k}`, report);
      }
      break;
    case "union": {
      const objectType = type.types.find((t) => t.type === "ref");
      if (objectType && typeof value === "object" && !Array.isArray(value)) checkValue(db, objectType, value, path, report);
      break;
    }
    default:
      break; // scalars and json: CloudFormation checks those values
  }
}

// Every resource type that takes tags (per the spec's tag information) carries the required tags.
function checkTags(tagInformation, properties, requiredTags, report) {
  if (!tagInformation || Object.keys(requiredTags).length === 0) return;
  const tags = properties[tagInformation.tagPropertyName];
  const present = {};
  if (Array.isArray(tags)) for (const tag of tags) present[tag.Key] = tag.Value;
  else if (tags && typeof tags === "object") Object.assign(present, tags);
  for (const [key, value] of Object.entries(requiredTags)) {
    if (present[key] !== value) report("Spec-MissingTag", `tag ${key}=${value} is missing (${tagInformation.tagPropertyName}: ${JSON.stringify(tags ?? null)})`);
  }
}

function isIntrinsic(value) {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === "Ref" || keys[0].startsWith("Fn::") || keys[0] === "Condition");
}
