// Custom resource: when the Ground Truth stack is deleted, stop the labeling jobs the lab's notebooks started, named
// `<prefix>-...`, that are still in progress. A stop that fails is reported in the reason, not as a failure: the stack
// must still delete. Inlined after custom-resources/on-delete.js as the function's code.

// Stops through `sagemaker` (a client's send) every in-progress job named `prefix`-...; returns what it did.
async function stopLabelingJobs(sagemaker, commands, prefix) {
  const done = [];
  const failed = [];
  let NextToken;
  do {
    const page = await sagemaker(new commands.ListLabelingJobsCommand({ NameContains: prefix, StatusEquals: "InProgress", NextToken }));
    for (const { LabelingJobName } of page.LabelingJobSummaryList ?? []) {
      if (!LabelingJobName.startsWith(`${prefix}-`)) continue;
      try {
        await sagemaker(new commands.StopLabelingJobCommand({ LabelingJobName }));
        done.push(LabelingJobName);
      } catch (error) {
        failed.push(`${LabelingJobName}: ${error.name}`);
      }
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return { done, failed };
}

exports.stopLabelingJobs = stopLabelingJobs;
exports.handler = onDelete(async (properties) => {
  const { SageMakerClient, ...commands } = require("@aws-sdk/client-sagemaker");
  const sagemaker = new SageMakerClient({});
  const { done, failed } = await stopLabelingJobs((c) => sagemaker.send(c), commands, properties.Prefix);
  return `stopped ${done.length ? done.join(", ") : "nothing"}${failed.length ? `; could not stop ${failed.join(", ")}` : ""}`;
});
