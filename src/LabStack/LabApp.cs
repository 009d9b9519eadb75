namespace LabStack;

/// <summary>The stacks one synthesis created, by module.</summary>
public sealed class LabStacks(IReadOnlyList<(LabModule Module, LabModuleStack Stack)> built)
{
    /// <summary>Every stack created, in deployment order.</summary>
    public IReadOnlyList<LabModuleStack> All { get; } = built.Select(b => b.Stack).ToList();

    /// <summary>The stack of type <typeparamref name="T"/>, or null when its module was not selected.</summary>
    public T? Get<T>() where T : LabModuleStack => All.OfType<T>().SingleOrDefault();

    /// <summary>The module a stack belongs to.</summary>
    public LabModule ModuleOf(string stackName) => built.Single(b => b.Stack.StackName == stackName).Module;
}

/// <summary>Composes the selected modules' stacks into an app. Program and the tests both build the lab here.</summary>
public static class LabApp
{
    /// <summary>Adds a stack for each selected module, in registry order, and the guardrails every stack gets.</summary>
    public static LabStacks Compose(App app, LabSettings settings)
    {
        var built = new List<(LabModule Module, LabModuleStack Stack)>();
        SharedLake? lake = null;
        foreach (var module in settings.Modules)
        {
            var scope = new ModuleScope(app, module.StackName(settings.LabName), $"ML study lab '{settings.LabName}': {module.Summary}", settings, lake,
                built.Select(b => b.Stack).ToList());
            var moduleSettings = settings.For(module);
            var stack = module.CreateStack(scope, moduleSettings);
            // Deployed after, and destroyed before, the modules it needs, even those it shares no value with.
            foreach (var need in built.Where(b => module.Needs.Contains(b.Module)))
            {
                stack.AddDependency(need.Stack);
            }
            foreach (var warning in module.WarningsOf(moduleSettings))
            {
                Annotations.Of(stack).AddWarning(warning);
            }
            if (stack is DataLakeStack dataLake)
            {
                lake = dataLake.Shared;
            }
            built.Add((module, stack));
        }
        LabGuardrails.AddTo(app, settings.LabName);
        return new LabStacks(built);
    }
}
