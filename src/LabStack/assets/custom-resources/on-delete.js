// Shared by the lab's custom resources: inlined before each handler's own code (no bundling; the AWS SDK comes with
// the Lambda runtime). onDelete(work, ignore) makes a handler that runs `work(properties)` when the stack deletes the
// resource, does nothing on create and update, and always answers CloudFormation: SUCCESS with what `work` returned,
// or FAILED with the error, unless `ignore(error)` says the error means there is nothing left to do.
const https = require("https");

function respond(event, context, status, reason) {
  const body = JSON.stringify({
    Status: status,
    Reason: `${reason} (log stream ${context.logStreamName})`.slice(0, 4000),
    PhysicalResourceId: event.PhysicalResourceId ?? `lab-${event.LogicalResourceId}`,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  return new Promise((resolve, reject) => {
    const request = https.request(event.ResponseURL, { method: "PUT", headers: { "content-type": "", "content-length": Buffer.byteLength(body) } }, resolve);
    request.on("error", reject);
    request.end(body);
  });
}

function onDelete(work, ignore = () => false) {
  return async (event, context) => {
    let status = "SUCCESS";
    let reason = "nothing to do";
    try {
      if (event.RequestType === "Delete") reason = await work(event.ResourceProperties);
    } catch (error) {
      if (!ignore(error)) {
        status = "FAILED";
        reason = String(error.message ?? error);
      }
    }
    console.log(status, reason);
    await respond(event, context, status, reason);
  };
}
