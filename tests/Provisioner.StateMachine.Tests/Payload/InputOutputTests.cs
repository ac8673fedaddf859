using Provisioner.StateMachine.Tests.Support;

namespace Provisioner.StateMachine.Tests.Payload;

public sealed class InputOutputTests
{
    [Fact]
    public async Task Task_FullPipeline_FollowsTheDocumentedOrder()
    {
        // The "Input and Output Processing" example from the Step Functions developer guide.
        const string definition = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"r",
              "InputPath":"$.library","Parameters":{"staticValue":"Just a string","catalog":{"myFavoriteItem.$":"$.movies[0]"}},
              "ResultSelector":{"modifiedPayload":{"body.$":"$.body","statusCode.$":"$.statusCode"}},
              "ResultPath":"$.taskresult","OutputPath":"$.taskresult.modifiedPayload","End":true}}}
            """;
        var tasks = new ScriptedInvoker().On("r", input => new System.Text.Json.Nodes.JsonObject
        {
            ["statusCode"] = 200,
            ["body"] = input!.DeepClone(),
            ["headers"] = new System.Text.Json.Nodes.JsonObject { ["h"] = 1 },
        });

        var trace = await Asl.Run(definition, """{"library":{"movies":["Dune","Heat"]},"other":1}""", tasks);

        Assert.True(Asl.JsonEquals(
            """{"body":{"staticValue":"Just a string","catalog":{"myFavoriteItem":"Dune"}},"statusCode":200}""",
            trace.Result.OutputJson), trace.Result.OutputJson);
    }

    [Theory]
    [InlineData("\"InputPath\":null", """{"a":1}""", "{}")]
    [InlineData("\"OutputPath\":null", """{"a":1}""", "{}")]
    [InlineData("\"ResultPath\":null,\"Result\":5", """{"a":1}""", """{"a":1}""")]
    [InlineData("\"ResultPath\":\"$.x.y\",\"Result\":5", """{"a":1}""", """{"a":1,"x":{"y":5}}""")]
    [InlineData("\"Parameters\":{\"list.$\":\"$.a[*].b\"}", """{"a":[{"b":1},{"b":2}]}""", """{"list":[1,2]}""")]
    public async Task Pass_PathVariants_ShapeTheOutput(string fields, string input, string expected)
    {
        var result = (await Asl.Run("""{"StartAt":"P","States":{"P":{"Type":"Pass",""" + fields + ""","End":true}}}""", input)).Result;

        Assert.True(Asl.JsonEquals(expected, result.OutputJson), result.OutputJson);
    }

    [Fact]
    public async Task ResultPath_IntoNonObject_FailsWithResultPathMatchFailure()
    {
        var result = (await Asl.Run("""{"StartAt":"P","States":{"P":{"Type":"Pass","Result":1,"ResultPath":"$.a.b","End":true}}}""", """{"a":"text"}""")).Result;

        Assert.Equal("States.ResultPathMatchFailure", result.Error);
    }

    [Fact]
    public async Task InputPath_Missing_FailsWithRuntime()
    {
        var result = (await Asl.Run("""{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.nope","End":true}}}""", "{}")).Result;

        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task ContextObject_ExposesExecutionAndState()
    {
        const string definition = """
            {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"id.$":"$$.Execution.Id","input.$":"$$.Execution.Input","state.$":"$$.State.Name",
              "entered.$":"$$.State.EnteredTime","start.$":"$$.Execution.StartTime","sm.$":"$$.StateMachine.Name"},"End":true}}}
            """;

        var trace = await Asl.Run(definition, """{"k":"v"}""");

        var output = trace.Output()!;
        Assert.StartsWith("arn:aws:states:", output["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(Asl.JsonEquals("""{"k":"v"}""", output["input"]!.ToJsonString()));
        Assert.Equal("P", output["state"]!.GetValue<string>());
        Assert.Equal("2025-01-01T00:00:00.000Z", output["entered"]!.GetValue<string>());
        Assert.Equal("2025-01-01T00:00:00.000Z", output["start"]!.GetValue<string>());
        Assert.Equal("LocalStateMachine", output["sm"]!.GetValue<string>());
    }

    [Fact]
    public async Task StateOutput_Over256KB_FailsWithDataLimitExceeded()
    {
        const string definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"a.$":"$.s","b.$":"$.s"},"End":true}}}""";
        var input = new System.Text.Json.Nodes.JsonObject { ["s"] = new string('x', 140 * 1024) }.ToJsonString();

        var result = (await Asl.Run(definition, input)).Result;

        Assert.Equal("States.DataLimitExceeded", result.Error);
    }
}
