// Custom resource: when the EMR stack is deleted (after its cluster), revoke the rules EMR added to its managed
// security groups that reference each other; while they exist, neither group can be deleted. Inlined as the
// function's code (no bundling); the AWS SDK comes with the Lambda runtime.
const https = require("https");

// The rules of `groups` that name one of `ids`, revoked through `send` (an EC2 client's send).
async function revokeReferences(send, commands, ids) {
  const { SecurityGroups = [] } = await send(new commands.DescribeSecurityGroupsCommand({ GroupIds: ids }));
  const revoked = [];
  for (const group of SecurityGroups) {
    const referencing = (rules = []) => rules.filter((rule) => (rule.UserIdGroupPairs ?? []).some((pair) => ids.includes(pair.GroupId)));
    const ingress = referencing(group.IpPermissions);
    const egress = referencing(group.IpPermissionsEgress);
    if (ingress.length) await send(new commands.RevokeSecurityGroupIngressCommand({ GroupId: group.GroupId, IpPermissions: ingress }));
    if (egress.length) await send(new commands.RevokeSecurityGroupEgressCommand({ GroupId: group.GroupId, IpPermissions: egress }));
    revoked.push({ group: group.GroupId, ingress: ingress.length, egress: egress.length });
  }
  return revoked;
}

function respond(event, context, status, reason) {
  const body = JSON.stringify({
    Status: status,
    Reason: `${reason} (log stream ${context.logStreamName})`,
    PhysicalResourceId: event.PhysicalResourceId ?? `emr-sg-cleanup-${event.LogicalResourceId}`,
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

exports.revokeReferences = revokeReferences;
exports.handler = async (event, context) => {
  let status = "SUCCESS";
  let reason = "nothing to do";
  try {
    if (event.RequestType === "Delete") {
      const commands = require("@aws-sdk/client-ec2");
      const ec2 = new commands.EC2Client({});
      const revoked = await revokeReferences((command) => ec2.send(command), commands, event.ResourceProperties.GroupIds);
      reason = `revoked ${JSON.stringify(revoked)}`;
    }
  } catch (error) {
    if (error.name !== "InvalidGroup.NotFound") {
      status = "FAILED";
      reason = String(error.message ?? error);
    }
  }
  console.log(status, reason);
  await respond(event, context, status, reason);
};
