#!/usr/bin/env node
// Checks Jupyter notebooks: nbformat 4 structure, and every code cell parses as Python (@lezer/python, so no Python
// installation is needed); a .py file is checked as one code cell. `node tools/notebooks/check.mjs <file>...` prints
// { "<file>": { "problems": [ "..." ] } } and exits 0; the tests assert there are no problems.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parser } from "@lezer/python";

const report = {};
for (const file of process.argv.slice(2)) {
  const problems = [];
  let notebook;
  try {
    notebook = file.endsWith(".py")
      ? { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "code", execution_count: null, outputs: [], source: readFileSync(file, "utf8") }] }
      : JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    report[basename(file)] = { problems: [`not JSON: ${error.message}`] };
    continue;
  }
  if (notebook.nbformat !== 4) problems.push(`nbformat is ${notebook.nbformat}, expected 4`);
  if (!Number.isInteger(notebook.nbformat_minor)) problems.push("nbformat_minor is missing");
  if (typeof notebook.metadata !== "object" || notebook.metadata === null) problems.push("metadata is missing");
  if (!Array.isArray(notebook.cells) || notebook.cells.length === 0) problems.push("no cells");
  (notebook.cells ?? []).forEach((cell, index) => {
    if (!["code", "markdown", "raw"].includes(cell.cell_type)) problems.push(`cell ${index}: unknown cell_type ${cell.cell_type}`);
    if (!Array.isArray(cell.source) && typeof cell.source !== "string") problems.push(`cell ${index}: source must be a string or a list`);
    if (cell.cell_type !== "code") return;
    if (!Array.isArray(cell.outputs) || !("execution_count" in cell)) problems.push(`cell ${index}: code cells need outputs and execution_count`);
    const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    if (/^\s*[%!]/m.test(source)) problems.push(`cell ${index}: IPython magics and shell escapes are not Python`);
    parser.parse(source).iterate({
      enter(node) {
        if (node.type.isError) {
          const line = source.slice(0, node.from).split("\n").length;
          problems.push(`cell ${index}, line ${line}: syntax error near "${source.slice(node.from, node.from + 30).split("\n")[0]}"`);
          return false;
        }
        return true;
      },
    });
  });
  report[basename(file)] = { problems };
}
process.stdout.write(JSON.stringify(report, null, 2) + "\n");
