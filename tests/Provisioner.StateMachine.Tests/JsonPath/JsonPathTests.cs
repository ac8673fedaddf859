using System.Text.Json.Nodes;

using Provisioner.StateMachine.JsonPath;

namespace Provisioner.StateMachine.Tests.JsonPath;

public sealed class JsonPathTests
{
    private static readonly JsonNode Store = JsonNode.Parse("""
        {"store":{"book":[
          {"category":"reference","author":"Nigel Rees","title":"Sayings","price":8.95},
          {"category":"fiction","author":"Evelyn Waugh","title":"Sword","price":12.99},
          {"category":"fiction","author":"Herman Melville","title":"Moby Dick","isbn":"0-553","price":8.99}],
          "bicycle":{"color":"red","price":19.95}},"a.b":{"c":1}}
        """)!;

    private static string? Select(string path) =>
        JsonPathExpression.Parse(path).TrySelect(Store, out var value) ? value?.ToJsonString() ?? "null" : null;

    [Theory]
    [InlineData("$", null)]
    [InlineData("$.store.bicycle.color", "\"red\"")]
    [InlineData("$['store']['bicycle']['price']", "19.95")]
    [InlineData("$.store.book[0].author", "\"Nigel Rees\"")]
    [InlineData("$.store.book[-1].title", "\"Moby Dick\"")]
    [InlineData("$.store.book[*].author", "[\"Nigel Rees\",\"Evelyn Waugh\",\"Herman Melville\"]")]
    [InlineData("$..isbn", "[\"0-553\"]")]
    [InlineData("$.store.book[?(@.price < 10)].title", "[\"Sayings\",\"Moby Dick\"]")]
    [InlineData("$.store.book[?(@.isbn)].title", "[\"Moby Dick\"]")]
    [InlineData("$.store.book[?(@.category == 'fiction' && @.price > 10)].title", "[\"Sword\"]")]
    [InlineData("$.store.book[0:2].price", "[8.95,12.99]")]
    [InlineData("$.store.book[0,2].price", "[8.95,8.99]")]
    [InlineData("$.store.book.length()", "3")]
    [InlineData("$['a.b'].c", "1")]
    public void TrySelect_Examples_MatchJaywaySemantics(string path, string? expected)
    {
        var actual = Select(path);

        Assert.Equal(expected ?? Store.ToJsonString(), actual);
    }

    [Theory]
    [InlineData("$.missing")]
    [InlineData("$.store.book[7]")]
    public void TrySelect_DefinitePathMissing_ReturnsFalse(string path) => Assert.Null(Select(path));

    [Fact]
    public void TrySelect_IndefinitePathMissing_ReturnsEmptyArray() => Assert.Equal("[]", Select("$.store.book[*].missing"));

    [Theory]
    [InlineData("store")]
    [InlineData("$.a[")]
    [InlineData("$.a[?(@.x ==)]")]
    [InlineData("$.a.b(")]
    public void Parse_Invalid_Throws(string path) => Assert.Throws<JsonPathException>(() => JsonPathExpression.Parse(path));

    [Fact]
    public void Parse_RootKinds_AreRecognised()
    {
        Assert.Equal(JsonPathRootKind.Context, JsonPathExpression.Parse("$$.Execution.Id").Root);
        var variable = JsonPathExpression.Parse("$myVar.items[0]");
        Assert.Equal(JsonPathRootKind.Variable, variable.Root);
        Assert.Equal("myVar", variable.VariableName);
        Assert.True(JsonPathExpression.Parse("$.a['b'][0]").IsReferencePath);
        Assert.False(JsonPathExpression.Parse("$.a[*]").IsReferencePath);
    }
}
