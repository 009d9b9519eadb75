// Custom resource: when the MlOps stack is deleted, drop the Glue table Feature Store created for the feature group's
// offline store. DeleteFeatureGroup leaves that table in the lab's database (and its data in the lake, which goes with
// the lake). A table already gone is nothing to do. Inlined after custom-resources/on-delete.js.

// Drops `database`.`table` through `glue` (a client's send); returns what it did.
async function dropTable(glue, commands, database, table) {
  try {
    await glue(new commands.DeleteTableCommand({ DatabaseName: database, Name: table }));
    return `dropped ${database}.${table}`;
  } catch (error) {
    if (error.name === "EntityNotFoundException") return `${database}.${table} was already gone`;
    throw error;
  }
}

exports.dropTable = dropTable;
exports.handler = onDelete(async (properties) => {
  const { GlueClient, ...commands } = require("@aws-sdk/client-glue");
  const glue = new GlueClient({});
  return dropTable((c) => glue.send(c), commands, properties.Database, properties.Table);
});
