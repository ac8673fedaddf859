using Provisioner.StateMachine.Tests.Support;

namespace Provisioner.StateMachine.Tests.Variables;

public sealed class VariablesTests
{
    [Fact]
    public async Task Assign_ValuesAreVisibleInLaterStatesButNotInTheSameAssign()
    {
        const string definition = """
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","Assign":{"x":1,"y":"old"},"Next":"B"},
              "B":{"Type":"Pass","Assign":{"x.$":"States.MathAdd($x, 1)","y.$":"States.Format('x was {}', $x)"},"Next":"C"},
              "C":{"Type":"Pass","Parameters":{"x.$":"$x","y.$":"$y"},"End":true}}}
            """;

        var trace = await Asl.Run(definition);

        Assert.True(Asl.JsonEquals("""{"x":2,"y":"x was 1"}""", trace.Result.OutputJson), trace.Result.OutputJson);
        var exited = trace.Events.First(e => e.Type == "PassStateExited").Details!;
        Assert.Equal("1", exited["assignedVariables"]!["x"]!.GetValue<string>());
    }

    [Fact]
    public async Task Assign_InTask_SeesResultAfterResultSelector()
    {
        const string definition = """
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"r","ResultSelector":{"id.$":"$.Id"},"Assign":{"theId.$":"$.id"},"ResultPath":null,"Next":"U"},
              "U":{"Type":"Pass","Parameters":{"got.$":"$theId"},"End":true}}}
            """;
        var tasks = new ScriptedInvoker().On("r", _ => System.Text.Json.Nodes.JsonNode.Parse("""{"Id":"i-1"}"""));

        var result = (await Asl.Run(definition, "{}", tasks)).Result;

        Assert.True(Asl.JsonEquals("""{"got":"i-1"}""", result.OutputJson), result.OutputJson);
    }

    [Fact]
    public async Task Variables_OuterVisibleInsideMap_InnerAssignmentsStayInside()
    {
        const string definition = """
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","Assign":{"outer":"o"},"Next":"M"},
              "M":{"Type":"Map","ItemsPath":"$.items","ResultPath":"$.r","Next":"C","ItemProcessor":{"StartAt":"I","States":{
                "I":{"Type":"Pass","Assign":{"inner":1},"Parameters":{"seen.$":"$outer"},"End":true}}}},
              "C":{"Type":"Pass","Parameters":{"r.$":"$.r","outer.$":"$outer"},"End":true}}}
            """;

        var result = (await Asl.Run(definition, """{"items":[1]}""")).Result;

        Assert.True(Asl.JsonEquals("""{"r":[{"seen":"o"}],"outer":"o"}""", result.OutputJson), result.OutputJson);
    }

    [Fact]
    public async Task Variable_Undefined_FailsWithRuntime()
    {
        var result = (await Asl.Run("""{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"v.$":"$nope"},"End":true}}}""")).Result;

        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task Catch_AssignSeesErrorOutput()
    {
        const string definition = """
            {"StartAt":"F","States":{
              "F":{"Type":"Task","Resource":"r","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"Assign":{"err.$":"$.Error"},"Next":"H"}]},
              "H":{"Type":"Pass","Parameters":{"e.$":"$err"},"End":true}}}
            """;
        var tasks = new ScriptedInvoker().FailThen("r", 1, () => new TaskFailedException("Oops", null), _ => null);

        var result = (await Asl.Run(definition, "{}", tasks)).Result;

        Assert.True(Asl.JsonEquals("""{"e":"Oops"}""", result.OutputJson), result.OutputJson);
    }
}
