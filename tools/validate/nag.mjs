// cdk-nag's AwsSolutions pack over synthesized templates, through aws-cdk-lib's CfnInclude: the included
// resources keep their Metadata, so suppressions written in the C# app (cdk_nag.rules_to_suppress) apply here.
// A suppression that suppresses nothing (its rule never fires on the resource, or one of its applies_to matches no
// finding) is itself a finding: it would hide a future problem for no present reason.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { App, Aspects, BootstraplessSynthesizer, Stack } = require("aws-cdk-lib");
const { CfnInclude } = require("aws-cdk-lib/cloudformation-include");
const { AwsSolutionsChecks, NagMessageLevel } = require("cdk-nag");

export async function runNag(templates) {
  const findings = [];
  const suppressed = [];
  const logger = {
    onCompliance() {},
    onNotApplicable() {},
    onNonCompliance(data) {
      if (data.ruleLevel === NagMessageLevel.ERROR) findings.push(finding(data, `${data.ruleInfo} (${data.findingId})`));
    },
    onError(data) {
      findings.push(finding(data, `the rule could not evaluate the resource: ${data.errorMessage}`));
    },
    onSuppressed(data) {
      suppressed.push({ ...identify(data), rule: data.ruleId, findingId: data.findingId ?? "", reason: data.suppressionReason });
    },
    onSuppressedError() {},
  };

  // One app per template, so a template CfnInclude rejects is reported and the others are still checked.
  for (const { name, file } of templates) {
    const outdir = mkdtempSync(join(tmpdir(), "labstack-nag-"));
    try {
      const app = new App({ outdir });
      // The templates already carry the bootstrap-version parameter: a bootstrapless synthesizer adds none.
      const stack = new Stack(app, name, { synthesizer: new BootstraplessSynthesizer() });
      new CfnInclude(stack, "Template", { templateFile: file });
      Aspects.of(app).add(new AwsSolutionsChecks({ reports: false, verbose: true, additionalLoggers: [logger] }));
      app.synth();
    } catch (error) {
      const message = String(error.message ?? error).split("\n")[0];
      findings.push({ validator: "cdk-nag", template: name, logicalId: "(template)", rule: "CfnInclude", message });
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }
  findings.push(...unusedSuppressions(templates, suppressed));
  return { findings, suppressed };
}

function unusedSuppressions(templates, suppressed) {
  const findings = [];
  for (const { name, template } of templates) {
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      for (const rule of resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) {
        const hits = suppressed.filter((s) => s.template === name && s.logicalId === logicalId && s.rule === rule.id);
        const unused = (message) => findings.push({ validator: "cdk-nag", template: name, logicalId, rule: "Nag-UnusedSuppression", message });
        if (hits.length === 0) {
          unused(`${rule.id} is suppressed but never reported on this resource`);
          continue;
        }
        for (const pattern of rule.applies_to ?? []) {
          const text = typeof pattern === "string" ? pattern : pattern.regex;
          const matches = typeof pattern === "string"
            ? (id) => id === pattern
            : (id) => new RegExp(pattern.regex.replace(/^\/|\/$/g, "")).test(id);
          if (!hits.some((hit) => matches(hit.findingId))) unused(`${rule.id} applies_to ${text} matches none of its findings (${hits.map((h) => h.findingId).join(", ")})`);
        }
      }
    }
  }
  return findings;
}

function identify(data) {
  const stack = Stack.of(data.resource);
  return { template: stack.stackName, logicalId: stack.resolve(data.resource.logicalId) };
}

function finding(data, message) {
  return { validator: "cdk-nag", ...identify(data), rule: data.ruleId, message };
}
