using NewsMiner.Core.Extraction;

namespace NewsMiner.Core.Tests.Support;

/// <summary>The committed models, loaded once for every test that needs them.</summary>
public sealed class SharedModels : IDisposable
{
    public MlNetIncidentExtractor Extractor { get; } = MlNetIncidentExtractor.Load(TestPaths.Models);

    public void Dispose() => Extractor.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ModelCollection : ICollectionFixture<SharedModels>
{
    public const string Name = "committed models";
}
