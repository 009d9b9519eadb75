// Custom resource: when its stack is deleted, delete what the lab's notebooks (SageMaker stack) or the MLOps deploy
// workflow (MlOps stack) created and left, named `<prefix>-...`: endpoints (a real-time one bills every hour), endpoint
// configs, models, and the endpoints' log groups; and, given a model package group (MlOps), every package in it
// (CloudFormation cannot delete a group that holds any). The stack did not create them, so CloudFormation would not. A
// delete that fails is reported in the reason, not as a failure: the stack must still delete. Inlined after
// custom-resources/on-delete.js as the function's code.

// Deletes through `sagemaker` and `logs` (clients' send) every leftover named `prefix`-..., and, given a `group`, every
// model package in it; returns what it did.
async function deleteLeftovers(sagemaker, logs, commands, prefix, group) {
  const done = [];
  const failed = [];
  const attempt = async (what, send) => {
    try {
      await send();
      done.push(what);
    } catch (error) {
      failed.push(`${what}: ${error.name}`);
    }
  };
  const all = async (send, list, input, key, field) => {
    const found = [];
    let NextToken;
    do {
      const page = await send(new list({ ...input, NextToken }));
      found.push(...(page[key] ?? []).map((item) => item[field]));
      NextToken = page.NextToken;
    } while (NextToken);
    return found;
  };
  const named = async (list, key, field) =>
    (await all(sagemaker, list, { NameContains: prefix }, key, field)).filter((name) => name.startsWith(`${prefix}-`));
  for (const arn of group ? await all(sagemaker, commands.ListModelPackagesCommand, { ModelPackageGroupName: group }, "ModelPackageSummaryList", "ModelPackageArn") : [])
    await attempt(`model package ${arn.split("/").slice(1).join("/")}`, () => sagemaker(new commands.DeleteModelPackageCommand({ ModelPackageName: arn })));
  for (const name of await named(commands.ListEndpointsCommand, "Endpoints", "EndpointName"))
    await attempt(`endpoint ${name}`, () => sagemaker(new commands.DeleteEndpointCommand({ EndpointName: name })));
  for (const name of await named(commands.ListEndpointConfigsCommand, "EndpointConfigs", "EndpointConfigName"))
    await attempt(`endpoint config ${name}`, () => sagemaker(new commands.DeleteEndpointConfigCommand({ EndpointConfigName: name })));
  for (const name of await named(commands.ListModelsCommand, "Models", "ModelName"))
    await attempt(`model ${name}`, () => sagemaker(new commands.DeleteModelCommand({ ModelName: name })));
  let nextToken;
  do {
    const page = await logs(new commands.DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/sagemaker/Endpoints/${prefix}-`, nextToken }));
    for (const { logGroupName } of page.logGroups ?? [])
      await attempt(`log group ${logGroupName}`, () => logs(new commands.DeleteLogGroupCommand({ logGroupName })));
    nextToken = page.nextToken;
  } while (nextToken);
  return { done, failed };
}

exports.deleteLeftovers = deleteLeftovers;
exports.handler = onDelete(async (properties) => {
  const { SageMakerClient, ...sagemakerCommands } = require("@aws-sdk/client-sagemaker");
  const { CloudWatchLogsClient, ...logsCommands } = require("@aws-sdk/client-cloudwatch-logs");
  const [sagemaker, logs] = [new SageMakerClient({}), new CloudWatchLogsClient({})];
  const { done, failed } = await deleteLeftovers((c) => sagemaker.send(c), (c) => logs.send(c),
    { ...sagemakerCommands, ...logsCommands }, properties.Prefix, properties.ModelPackageGroup);
  return `deleted ${done.length ? done.join(", ") : "nothing"}${failed.length ? `; could not delete ${failed.join(", ")}` : ""}`;
});
