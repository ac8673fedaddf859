using System.Text.Json.Nodes;

using Provisioner.Core.Json;
using Provisioner.StateMachine.Intrinsics;
using Provisioner.StateMachine.Json;
using Provisioner.StateMachine.JsonPath;

namespace Provisioner.StateMachine.Payload;

/// <summary>
/// A compiled payload template (Parameters, ResultSelector, ItemSelector, Assign): static JSON
/// with fields whose names end in <c>.$</c> replaced by a path or an intrinsic function result.
/// </summary>
internal abstract record PayloadTemplate
{
    public abstract JsonNode? Evaluate(PathContext context);

    /// <summary>Compiles a template; throws <see cref="JsonPathException"/> naming the offending field for bad paths.</summary>
    public static PayloadTemplate Compile(JsonNode? node, string pointer, List<(string Pointer, string Message)> errors)
    {
        switch (node)
        {
            case JsonObject obj:
                var fields = new List<TemplateField>();
                foreach (var (key, value) in obj)
                {
                    var childPointer = JsonPointer.Append(pointer, key);
                    if (key.EndsWith(".$", StringComparison.Ordinal))
                    {
                        var name = key[..^2];
                        if (!Pointers.IsString(value, out var expression))
                        {
                            errors.Add((childPointer, $"The value of '{key}' must be a string holding a path or an intrinsic function."));
                            continue;
                        }

                        try
                        {
                            fields.Add(new TemplateField(name, IntrinsicCall.LooksLikeCall(expression)
                                ? new IntrinsicTemplate(IntrinsicCall.Parse(expression), key)
                                : new PathTemplate(JsonPathExpression.Parse(expression), key)));
                        }
                        catch (JsonPathException e)
                        {
                            errors.Add((childPointer, e.Message));
                        }
                    }
                    else
                    {
                        fields.Add(new TemplateField(key, Compile(value, childPointer, errors)));
                    }
                }

                return fields.All(f => f.Value is LiteralTemplate) ? new LiteralTemplate(node.DeepClone()) : new ObjectTemplate(fields);
            case JsonArray array:
                var items = array.Select((item, i) => Compile(item, JsonPointer.Append(pointer, i), errors)).ToList();
                return items.All(i => i is LiteralTemplate) ? new LiteralTemplate(node.DeepClone()) : new ArrayTemplate(items);
            default:
                return new LiteralTemplate(node?.DeepClone());
        }
    }
}

internal sealed record TemplateField(string Name, PayloadTemplate Value);

internal sealed record LiteralTemplate(JsonNode? Value) : PayloadTemplate
{
    public override JsonNode? Evaluate(PathContext context) => Value?.DeepClone();
}

internal sealed record ObjectTemplate(IReadOnlyList<TemplateField> Fields) : PayloadTemplate
{
    public IReadOnlyList<TemplateField> TopLevelFields => Fields;

    public override JsonNode? Evaluate(PathContext context)
    {
        var result = new JsonObject();
        foreach (var field in Fields)
        {
            result[field.Name] = field.Value.Evaluate(context);
        }

        return result;
    }
}

internal sealed record ArrayTemplate(IReadOnlyList<PayloadTemplate> Items) : PayloadTemplate
{
    public override JsonNode? Evaluate(PathContext context) => new JsonArray(Items.Select(i => i.Evaluate(context)).ToArray());
}

internal sealed record PathTemplate(JsonPathExpression Path, string FieldName) : PayloadTemplate
{
    public override JsonNode? Evaluate(PathContext context) =>
        context.Select(Path, () => $"The JSONPath '{Path.Text}' specified for the field '{FieldName}' could not be found in the input '{context.Data?.ToJsonString() ?? "null"}'")?.DeepClone();
}

internal sealed record IntrinsicTemplate(IntrinsicCall Call, string FieldName) : PayloadTemplate
{
    public override JsonNode? Evaluate(PathContext context) => context.Evaluate(Call)?.DeepClone();
}
