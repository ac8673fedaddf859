using System.Text.Json.Nodes;

namespace Provisioner.Deployment.Tests;

/// <summary>
/// template.yaml as JSON, decoded by cfn-lint's own loader (it understands the short-form intrinsics
/// such as <c>!GetAtt</c>), so the checks read exactly what CloudFormation will.
/// </summary>
internal sealed class Template
{
    private const string Decode = """
        import json, sys
        from cfnlint.decode import decode_str
        template, problems = decode_str(open(sys.argv[1]).read())
        if problems:
            sys.exit("\n".join(str(p) for p in problems))
        print(json.dumps(template, default=str))
        """;

    private Template(JsonObject root) => Root = root;

    public JsonObject Root { get; }

    public JsonObject Resources => Root[nameof(Resources)]!.AsObject();

    public IEnumerable<(string Id, JsonObject Resource)> ResourcesOfType(string type) =>
        Resources.Where(r => (string?)r.Value!["Type"] == type).Select(r => (r.Key, r.Value!.AsObject()));

    private static readonly Lazy<Task<Template>> Loaded = new(LoadAsync);

    public static Task<Template> Instance => Loaded.Value;

    private static async Task<Template> LoadAsync()
    {
        var (exit, output) = await Repository.RunAsync("python3", ["-c", Decode, Repository.PathOf("template.yaml")], CancellationToken.None);
        Assert.True(exit == 0, "cfn-lint could not decode template.yaml: " + output);
        return new Template(JsonNode.Parse(output)!.AsObject());
    }
}
