// Custom resource: when the MlOps stack is deleted, delete the models the lab's SageMaker pipeline made. A pipeline names
// what its steps create itself (`pipelines-<execution id>-<step, lower case>-<random>`), so they are found by name
// (starting `pipelines-`, containing `nameContains`) and are the lab's only if they run as `role`, the pipeline's role:
// another pipeline's models are left alone. A failure is reported in the reason, not raised: the stack must still
// delete. Inlined after custom-resources/on-delete.js as the function's code.

// Deletes through `sagemaker` (a client's send) every such model; returns what it did.
async function deletePipelineModels(sagemaker, commands, nameContains, role) {
  const done = [];
  const failed = [];
  const names = [];
  let NextToken;
  do {
    const page = await sagemaker(new commands.ListModelsCommand({ NameContains: nameContains, NextToken }));
    names.push(...(page.Models ?? []).map((m) => m.ModelName).filter((name) => name.startsWith("pipelines-")));
    NextToken = page.NextToken;
  } while (NextToken);
  for (const name of names) {
    try {
      const { ExecutionRoleArn } = await sagemaker(new commands.DescribeModelCommand({ ModelName: name }));
      if (ExecutionRoleArn !== role) continue;
      await sagemaker(new commands.DeleteModelCommand({ ModelName: name }));
      done.push(`model ${name}`);
    } catch (error) {
      failed.push(`model ${name}: ${error.name}`);
    }
  }
  return { done, failed };
}

exports.deletePipelineModels = deletePipelineModels;
exports.handler = onDelete(async (properties) => {
  const { SageMakerClient, ...commands } = require("@aws-sdk/client-sagemaker");
  const sagemaker = new SageMakerClient({});
  const { done, failed } = await deletePipelineModels((c) => sagemaker.send(c), commands, properties.NameContains, properties.Role);
  return `deleted ${done.length ? done.join(", ") : "nothing"}${failed.length ? `; could not delete ${failed.join(", ")}` : ""}`;
});
