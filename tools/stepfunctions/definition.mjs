// State machine definitions taken from synthesized templates: CloudFormation intrinsics in DefinitionString resolved
// to fixed test values, and a walk over every state (Parallel branches and Map processors included).

/** Every AWS::StepFunctions::StateMachine in a template: [{ logicalId, definition }]. */
export function stateMachines(template) {
  return Object.entries(template.Resources ?? {})
    .filter(([, r]) => r.Type === "AWS::StepFunctions::StateMachine")
    .map(([logicalId, r]) => ({ logicalId, definition: JSON.parse(resolve(r.Properties.DefinitionString)) }));
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

/** CloudFormation intrinsics in a DefinitionString, resolved to fixed test values. */
export function resolve(value) {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(resolve);
  const [key, arg] = Object.entries(value)[0];
  switch (key) {
    case "Fn::Join":
      return arg[1].map(resolve).join(arg[0]);
    case "Ref":
      return { "AWS::Partition": "aws", "AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::URLSuffix": "amazonaws.com" }[arg] ?? `ref-${arg}`;
    case "Fn::GetAtt":
      return `arn:aws:test:us-east-1:123456789012:${arg[0]}`;
    case "Fn::ImportValue":
      if (/LakeBucket/.test(arg) && /Ref/.test(arg)) return "lab-lake-bucket";
      throw new Error(`no test value for the import ${arg}`);
    default:
      throw new Error(`cannot resolve ${key} in the state machine definition`);
  }
}
