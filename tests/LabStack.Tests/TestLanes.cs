using System.Collections.Concurrent;
using Xunit.Abstractions;
using Xunit.Sdk;

// Two lanes, run side by side: the synthesized lab's collection (jsii, one Node process per test host, is not
// thread-safe, so every test that may touch it runs there, one at a time) and the processes' collection (tests that
// only start Python, Node or dotnet processes and read files). A test class without a [Collection] joins the lab's.
[assembly: CollectionBehavior("LabStack.Tests.TestLanes", "LabStack.Tests", DisableTestParallelization = false)]

namespace LabStack.Tests;

/// <summary>
/// Puts each test class in the collection its <see cref="CollectionAttribute"/> names, and a class without one in
/// <see cref="LabCollection"/> (not, as xunit would, in a collection of its own that runs in parallel with jsii).
/// </summary>
public sealed class TestLanes(ITestAssembly testAssembly, IMessageSink diagnosticMessageSink) : IXunitTestCollectionFactory
{
    private readonly Dictionary<string, ITypeInfo> definitions = TestCollectionFactoryHelper.GetTestCollectionDefinitions(testAssembly.Assembly, diagnosticMessageSink);
    private readonly ConcurrentDictionary<string, ITestCollection> collections = new();

    public string DisplayName => "the synthesized lab's collection beside the processes' collection";

    public ITestCollection Get(ITypeInfo testClass)
    {
        var named = testClass.GetCustomAttributes(typeof(CollectionAttribute)).SingleOrDefault();
        var name = named is null ? LabCollection.Name : (string)named.GetConstructorArguments().First();
        return collections.GetOrAdd(name, n => new TestCollection(testAssembly, definitions.GetValueOrDefault(n), n));
    }
}

/// <summary>
/// The lane beside the synthesized lab, for test classes that touch no jsii: no <see cref="LabFixture"/>, no CDK type
/// (no App, Stack, Template, Duration...), only processes (Python, Node, dotnet, the CDK CLI) and files. Its tests run
/// one at a time, while the lab's tests run; a slow process run here costs the lab's lane nothing.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessCollection
{
    public const string Name = "Processes (no jsii)";
}
