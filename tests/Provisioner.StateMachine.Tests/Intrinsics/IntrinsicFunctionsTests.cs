using System.Text.Json.Nodes;

using Provisioner.StateMachine.Tests.Support;

namespace Provisioner.StateMachine.Tests.Intrinsics;

public sealed class IntrinsicFunctionsTests
{
    private static async Task<ExecutionResult> Eval(string expression, string input = "{}")
    {
        var definition = new JsonObject
        {
            ["StartAt"] = "P",
            ["States"] = new JsonObject
            {
                ["P"] = new JsonObject { ["Type"] = "Pass", ["Parameters"] = new JsonObject { ["v.$"] = expression }, ["OutputPath"] = "$.v", ["End"] = true },
            },
        };
        return (await Asl.Run(definition.ToJsonString(), input)).Result;
    }

    [Theory]
    [InlineData("States.Format('Hello, my name is {}.', $.name)", """{"name":"Arnav"}""", "\"Hello, my name is Arnav.\"")]
    [InlineData("States.Format('{} {} {}', 1, true, null)", "{}", "\"1 true null\"")]
    [InlineData("States.Format('literal \\\\{} and {}', 'x')", "{}", "\"literal {} and x\"")]
    [InlineData("States.StringToJson($.s)", """{"s":"{\"number\":20}"}""", """{"number":20}""")]
    [InlineData("States.JsonToString($.o)", """{"o":{"a":[1,2]}}""", "\"{\\\"a\\\":[1,2]}\"")]
    [InlineData("States.Array('Foo', 2020, $.o, 5)", """{"o":{"a":1}}""", """["Foo",2020,{"a":1},5]""")]
    [InlineData("States.ArrayPartition($.a, 4)", """{"a":[1,2,3,4,5,6,7,8,9]}""", "[[1,2,3,4],[5,6,7,8],[9]]")]
    [InlineData("States.ArrayContains($.a, $.v)", """{"a":[1,2,3],"v":2}""", "true")]
    [InlineData("States.ArrayRange(1, 9, 2)", "{}", "[1,3,5,7,9]")]
    [InlineData("States.ArrayGetItem($.a, 5)", """{"a":[1,2,3,4,5,6,7,8,9]}""", "6")]
    [InlineData("States.ArrayLength($.a)", """{"a":[1,2,3]}""", "3")]
    [InlineData("States.ArrayUnique($.a)", """{"a":[1,2,3,3,3,3,3,3,4]}""", "[1,2,3,4]")]
    [InlineData("States.Base64Encode($.s)", """{"s":"Data to encode"}""", "\"RGF0YSB0byBlbmNvZGU=\"")]
    [InlineData("States.Base64Decode($.s)", """{"s":"RGF0YSB0byBlbmNvZGU="}""", "\"Data to encode\"")]
    [InlineData("States.Hash($.s, 'SHA-1')", """{"s":"input data"}""", "\"aaff4a450a104cd177d28d18d74485e8cae074b7\"")]
    [InlineData("States.JsonMerge($.a, $.b, false)", """{"a":{"x":1,"n":{"p":1}},"b":{"y":2,"n":{"q":2}}}""", """{"x":1,"n":{"q":2},"y":2}""")]
    [InlineData("States.MathAdd($.v, -1)", """{"v":111}""", "110")]
    [InlineData("States.StringSplit($.s, ',')", """{"s":"1,2,3,4,5"}""", """["1","2","3","4","5"]""")]
    [InlineData("States.StringSplit($.s, '.+')", """{"s":"This.is+a.test"}""", """["This","is","a","test"]""")]
    [InlineData("States.ArrayLength(States.Array(1, 2))", "{}", "2")]
    public async Task Intrinsic_DocumentedExamples_GiveDocumentedResults(string expression, string input, string expected)
    {
        var result = await Eval(expression, input);

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.True(Asl.JsonEquals(expected, result.OutputJson), result.OutputJson);
    }

    [Fact]
    public async Task Uuid_IsVersion4()
    {
        var result = await Eval("States.UUID()");

        var uuid = Guid.Parse(JsonNode.Parse(result.OutputJson!)!.GetValue<string>());
        Assert.Equal(4, uuid.Version);
    }

    [Fact]
    public async Task MathRandom_WithSeed_IsInRange()
    {
        var result = await Eval("States.MathRandom(1, 10, 7)");

        var value = JsonNode.Parse(result.OutputJson!)!.GetValue<long>();
        Assert.InRange(value, 1, 9);
    }

    [Theory]
    [InlineData("States.Format('{} {}', 'one')")]
    [InlineData("States.StringToJson('{not json')")]
    [InlineData("States.ArrayGetItem(States.Array(1), 3)")]
    [InlineData("States.ArrayPartition(States.Array(1), 0)")]
    [InlineData("States.ArrayRange(1, 5000, 1)")]
    [InlineData("States.Hash('x', 'SHA-3')")]
    [InlineData("States.JsonMerge(States.StringToJson('{}'), States.StringToJson('{}'), true)")]
    [InlineData("States.MathAdd(1.5, 1)")]
    [InlineData("States.Base64Decode('%%%')")]
    public async Task Intrinsic_BadArguments_FailWithIntrinsicFailure(string expression)
    {
        var result = await Eval(expression);

        Assert.Equal("FAILED", result.Status);
        Assert.Equal("States.IntrinsicFailure", result.Error);
        Assert.False(string.IsNullOrEmpty(result.Cause));
    }

    [Fact]
    public async Task Intrinsic_PathArgumentMissing_FailsWithRuntime()
    {
        var result = await Eval("States.Format('{}', $.missing)");

        Assert.Equal("States.Runtime", result.Error);
    }
}
