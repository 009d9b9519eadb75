// State machine definitions taken from synthesized templates: CloudFormation intrinsics in DefinitionString resolved
// to fixed test values, and a walk over every state (Parallel branches and Map processors included).

/**
 * Every AWS::StepFunctions::StateMachine in a template: [{ logicalId, definition }]. Fn::ImportValue resolves to the
 * value given for that export name in `imports`, else to "import:<name>".
 */
export function stateMachines(template, imports = {}) {
  return Object.entries(template.Resources ?? {})
    .filter(([, r]) => r.Type === "AWS::StepFunctions::StateMachine")
    .map(([logicalId, r]) => ({ logicalId, definition: JSON.parse(resolve(r.Properties.DefinitionString, imports)) }));
}

/**
 * Yields { name, state, scope, parent } for every state; scope is the States object that holds it, parent the
 * Parallel or Map state (with branch index) it runs in, if any.
 */
export function* walkStates(machine, parent = null) {
  for (const [name, state] of Object.entries(machine.States)) {
    yield { name, state, scope: machine.States, parent };
    for (const [index, branch] of (state.Branches ?? []).entries()) yield* walkStates(branch, { name, state, index });
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) yield* walkStates(processor, { name, state, index: null });
  }
}

/**
 * CloudFormation intrinsics in a DefinitionString (or another document a template builds with them), resolved to fixed
 * test values; `template` resolves Fn::FindInMap through its Mappings, in the test region.
 */
export function resolve(value, imports = {}, template = {}) {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((v) => resolve(v, imports, template));
  const [key, arg] = Object.entries(value)[0];
  switch (key) {
    case "Fn::Join":
      return arg[1].map((v) => resolve(v, imports, template)).join(arg[0]);
    case "Fn::FindInMap":
      return template.Mappings[arg[0]][resolve(arg[1], imports, template)][arg[2]];
    case "Fn::Sub":
      return arg.replace(/\$\{([^}]+)\}/g, (_, name) => resolve({ Ref: name }, imports, template));
    case "Ref":
      return { "AWS::Partition": "aws", "AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::URLSuffix": "amazonaws.com" }[arg] ?? `ref-${arg}`;
    case "Fn::GetAtt":
      return `arn:aws:test:us-east-1:123456789012:${arg[0]}`;
    case "Fn::ImportValue":
      return imports[arg] ?? `import:${arg}`;
    default:
      throw new Error(`cannot resolve ${key} in the state machine definition`);
  }
}
