// Custom resource: when the MlOps stack is deleted, delete what its pipeline and deploy workflow made and CloudFormation
// does not own: the model packages in the lab's group (CloudFormation cannot delete a group that holds any), and the
// endpoint, endpoint configs, models and endpoint log groups named `<prefix>-...`. A delete that fails is reported in
// the reason, not as a failure: the stack must still delete. Inlined after custom-resources/on-delete.js.

// Deletes through `sagemaker` and `logs` (clients' send) the group's packages and everything named `prefix`-...
async function deleteLeftovers(sagemaker, logs, commands, group, prefix) {
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
  for (const arn of await all(sagemaker, commands.ListModelPackagesCommand, { ModelPackageGroupName: group }, "ModelPackageSummaryList", "ModelPackageArn"))
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
    { ...sagemakerCommands, ...logsCommands }, properties.ModelPackageGroup, properties.Prefix);
  return `deleted ${done.length ? done.join(", ") : "nothing"}${failed.length ? `; could not delete ${failed.join(", ")}` : ""}`;
});
