using Provisioner.StateMachine.Parsing;

namespace Provisioner.StateMachine.Tests.Parsing;

public sealed class DefinitionParserTests
{
    private static AslDefinitionException Reject(string definition) =>
        Assert.Throws<AslDefinitionException>(() => DefinitionParser.Parse(definition));

    [Theory]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Bogus","End":true}}}""", "/States/A/Type", "not a state type")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass"}}}""", "/States/A", "either 'Next'")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nope"}}}""", "/States/A/Next", "'Nope' does not name a state")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","End":true},"B":{"Type":"Pass","End":true}}}""", "/States/B", "not reachable")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"$.a[","End":true}}}""", "/States/A/InputPath", "Invalid JSONPath")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","ResultPath":"$.a[*]","End":true}}}""", "/States/A/ResultPath", "Reference Path")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"r","End":true,"Retry":[{"ErrorEquals":["States.ALL"]},{"ErrorEquals":["X"]}]}}}""", "/States/A/Retry/0/ErrorEquals", "must be the last")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"r","End":true,"Catch":[{"ErrorEquals":["States.ALL","X"],"Next":"A"}]}}}""", "/States/A/Catch/0/ErrorEquals", "alone")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}},"QueryLanguage":"JSONata"}""", "/QueryLanguage", "JSONata")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"QueryLanguage":"JSONata"}}}""", "/States/A/QueryLanguage", "JSONata")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Wait","End":true}}}""", "/States/A", "exactly one of Seconds")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.x","NumericEquals":"1","Next":"A"}]}}}""", "/States/A/Choices/0/NumericEquals", "must be a number")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x.$":"States.Nope(1)"},"End":true}}}""", "/States/A/Parameters/x.$", "not an intrinsic function")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","Bogus":1,"End":true}}}""", "/States/A/Bogus", "not supported")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","Next":"A"}}}]}}}""", "/States/A/Branches/0/States/B/Next", "cannot leave a branch")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Map","End":true,"ItemReader":{},"ItemProcessor":{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}}}}""", "/States/A/ItemReader", "Distributed Map")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"r","End":true,"Retry":[{"ErrorEquals":["States.Bogus"]}]}}}""", "/States/A/Retry/0/ErrorEquals/0", "not a predefined")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Assign":{"1x":1}}}}""", "/States/A/Assign/1x", "not a valid variable name")]
    public void Parse_InvalidDefinition_NamesThePointer(string definition, string pointer, string message)
    {
        var error = Reject(definition);

        Assert.Contains(error.Errors, e => e.Pointer == pointer && e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Contains(pointer, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsAllAtOnce()
    {
        var error = Reject("""{"StartAt":"Missing","States":{"A":{"Type":"Pass"},"B":{"Type":"Nope"}}}""");

        Assert.True(error.Errors.Count >= 3, error.Message);
    }

    [Fact]
    public void Parse_NotJson_SaysSo() =>
        Assert.Contains("not valid JSON", Reject("{").Message, StringComparison.Ordinal);

    [Fact]
    public async Task RunAsync_InvalidDefinition_ThrowsBeforeRunning()
    {
        var tasks = new Support.ScriptedInvoker();

        var error = await Assert.ThrowsAsync<AslDefinitionException>(() =>
            AslRunner.RunAsync("""{"StartAt":"A","States":{}}""", "{}", tasks, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("/States", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FullFeaturedDefinition_Succeeds()
    {
        var definition = DefinitionParser.Parse("""
            {"Comment":"all","TimeoutSeconds":60,"StartAt":"C","States":{
              "C":{"Type":"Choice","Choices":[{"And":[{"Variable":"$.a","IsPresent":true},{"Not":{"Variable":"$.a","StringEquals":"x"}}],"Next":"M"}],"Default":"P"},
              "P":{"Type":"Parallel","Branches":[{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"End":true}}}],"Next":"M"},
              "M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,"Iterator":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"r","End":true}}},"Next":"F"},
              "F":{"Type":"Fail","ErrorPath":"$.e","CausePath":"States.Format('{}', $.c)"}}}
            """);

        Assert.Equal(60, definition.TimeoutSeconds);
        Assert.Equal(4, definition.Body.States.Count);
    }
}
