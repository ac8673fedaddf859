using Provisioner.Core.Validation;

namespace Provisioner.Core.Tests.Validation;

public sealed class JsonDuplicatesTests
{
    [Theory]
    [InlineData("""{"a": 1, "b": 2}""", new string[0])]
    [InlineData("""{"a": 1, "a": 2}""", new[] { "/a" })]
    [InlineData("""{"a": 1, "a": 2, "a": 3}""", new[] { "/a", "/a" })]
    [InlineData("""{"s": {"x": 1, "x": 2}}""", new[] { "/s/x" })]
    [InlineData("""{"l": [{"k": 1}, {"k": 1, "k": 2}]}""", new[] { "/l/1/k" })]
    [InlineData("""[[1, 2], {"a/b": 1, "a/b": 2}]""", new[] { "/1/a~1b" })]
    [InlineData("""{"a": {"x": 1}, "b": {"x": 1}}""", new string[0])]
    [InlineData("""{"a": [1, {"~": 0, "~": 1}]}""", new[] { "/a/1/~0" })]
    public void Find_Document_ReportsEveryRepeatedPropertyByPointer(string json, string[] expected)
    {
        Assert.Equal(expected, JsonDuplicates.Find(json));
    }

    [Fact]
    public void Find_NamesThatDifferOnlyInEscaping_AreTheSameName()
    {
        Assert.Equal(["/ab"], JsonDuplicates.Find("""{"ab": 1, "a\u0062": 2}"""));
    }

    [Theory]
    [InlineData("""{"a": 1, "b": """)]
    [InlineData("not json")]
    [InlineData("")]
    public void Find_MalformedJson_LeavesItToTheParser(string json)
    {
        Assert.Empty(JsonDuplicates.Find(json));
    }
}
