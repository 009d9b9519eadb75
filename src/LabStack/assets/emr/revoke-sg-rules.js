// Custom resource: when the EMR stack is deleted (after its cluster), revoke the rules EMR added to its managed
// security groups that reference each other; while they exist, neither group can be deleted. Inlined after
// custom-resources/on-delete.js as the function's code.

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

exports.revokeReferences = revokeReferences;
exports.handler = onDelete(async (properties) => {
  const commands = require("@aws-sdk/client-ec2");
  const ec2 = new commands.EC2Client({});
  return `revoked ${JSON.stringify(await revokeReferences((command) => ec2.send(command), commands, properties.GroupIds))}`;
}, (error) => error.name === "InvalidGroup.NotFound");
