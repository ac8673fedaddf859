using Provisioner.StateMachine.Tests.Support;

namespace Provisioner.StateMachine.Tests.Choice;

public sealed class ChoiceStateTests
{
    private static async Task<ExecutionResult> Choose(string rule, string input)
    {
        var definition = """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{""" + rule + """
            ,"Next":"Yes"}],"Default":"No"},
              "Yes":{"Type":"Pass","Result":"yes","End":true},
              "No":{"Type":"Pass","Result":"no","End":true}}}
            """;
        return (await Asl.Run(definition, input)).Result;
    }

    [Theory]
    [InlineData("\"Variable\":\"$.v\",\"StringEquals\":\"a\"", """{"v":"a"}""", "yes")]
    [InlineData("\"Variable\":\"$.v\",\"StringLessThan\":\"b\"", """{"v":"a"}""", "yes")]
    [InlineData("\"Variable\":\"$.v\",\"StringGreaterThanEquals\":\"b\"", """{"v":"a"}""", "no")]
    [InlineData("\"Variable\":\"$.v\",\"StringEqualsPath\":\"$.w\"", """{"v":"a","w":"a"}""", "yes")]
    [InlineData("\"Variable\":\"$.v\",\"NumericEquals\":1", """{"v":1.0}""", "yes")]
    [InlineData("\"Variable\":\"$.v\",\"NumericLessThanEqualsPath\":\"$.w\"", """{"v":2,"w":2}""", "yes")]
    [InlineData("\"Variable\":\"$.v\",\"NumericGreaterThan\":1", """{"v":"5"}""", "no")]
    [InlineData("\"Variable\":\"$.v\",\"BooleanEquals\":true", """{"v":true}""", "yes")]
    [InlineData("\"Variable\":\"$.v\",\"TimestampLessThan\":\"2020-01-01T00:00:00Z\"", """{"v":"2019-12-31T23:59:59Z"}""", "yes")]
    [InlineData("\"Variable\":\"$.v\",\"TimestampEquals\":\"2020-01-01T00:00:00Z\"", """{"v":"2020-01-01T01:00:00+01:00"}""", "yes")]
    [InlineData("\"Variable\":\"$.v\",\"StringMatches\":\"log-*.txt\"", """{"v":"log-2020.txt"}""", "yes")]
    [InlineData("\"Variable\":\"$.v\",\"StringMatches\":\"a\\\\*b\"", """{"v":"a*b"}""", "yes")]
    [InlineData("\"Variable\":\"$.v\",\"StringMatches\":\"a\\\\*b\"", """{"v":"axb"}""", "no")]
    [InlineData("\"Variable\":\"$.v\",\"IsNull\":true", """{"v":null}""", "yes")]
    [InlineData("\"Variable\":\"$.v\",\"IsPresent\":false", "{}", "yes")]
    [InlineData("\"Variable\":\"$.v\",\"IsNumeric\":true", """{"v":3}""", "yes")]
    [InlineData("\"Variable\":\"$.v\",\"IsString\":true", """{"v":3}""", "no")]
    [InlineData("\"Variable\":\"$.v\",\"IsBoolean\":true", """{"v":false}""", "yes")]
    [InlineData("\"Variable\":\"$.v\",\"IsTimestamp\":true", """{"v":"2016-03-14T01:59:00Z"}""", "yes")]
    [InlineData("\"Variable\":\"$.v\",\"IsTimestamp\":true", """{"v":"yesterday"}""", "no")]
    [InlineData("\"And\":[{\"Variable\":\"$.v\",\"NumericGreaterThan\":1},{\"Variable\":\"$.v\",\"NumericLessThan\":3}]", """{"v":2}""", "yes")]
    [InlineData("\"Or\":[{\"Variable\":\"$.v\",\"NumericEquals\":1},{\"Variable\":\"$.v\",\"NumericEquals\":3}]", """{"v":2}""", "no")]
    [InlineData("\"Not\":{\"Variable\":\"$.v\",\"StringEquals\":\"x\"}", """{"v":"y"}""", "yes")]
    public async Task Choice_Operators_SelectTheDocumentedBranch(string rule, string input, string expected)
    {
        var result = await Choose(rule, input);

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal($"\"{expected}\"", result.OutputJson);
    }

    [Fact]
    public async Task Choice_VariableMissing_FailsWithRuntime()
    {
        var result = await Choose("\"Variable\":\"$.missing\",\"StringEquals\":\"a\"", "{}");

        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task Choice_NoMatchAndNoDefault_FailsWithNoChoiceMatched()
    {
        const string definition = """
            {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.v","NumericEquals":1,"Next":"E"}]},"E":{"Type":"Succeed"}}}
            """;

        var result = (await Asl.Run(definition, """{"v":2}""")).Result;

        Assert.Equal(new ExecutionResult("FAILED", null, "States.NoChoiceMatched", "No Matches!"), result);
    }

    [Fact]
    public async Task Choice_Loop_CountsDownWithIntrinsics()
    {
        const string definition = """
            {"StartAt":"Check","States":{
              "Check":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":0,"Next":"Dec"}],"Default":"Done"},
              "Dec":{"Type":"Pass","Parameters":{"n.$":"States.MathAdd($.n, -1)"},"Next":"Check"},
              "Done":{"Type":"Succeed"}}}
            """;

        var trace = await Asl.Run(definition, """{"n":5}""");

        Assert.True(Asl.JsonEquals("""{"n":0}""", trace.Result.OutputJson));
        Assert.Equal(5, trace.Types().Count(t => t == "PassStateEntered"));
    }

    [Fact]
    public void WildcardMatcher_EscapedBackslash_IsLiteral() =>
        Assert.True(StateMachine.Choice.WildcardMatcher.IsMatch("a\\b", "a\\\\b"));
}
