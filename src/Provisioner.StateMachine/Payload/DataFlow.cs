using System.Text.Json.Nodes;

using Provisioner.StateMachine.Errors;
using Provisioner.StateMachine.JsonPath;

namespace Provisioner.StateMachine.Payload;

/// <summary>The ASL input and output processing steps, in the order AWS applies them.</summary>
internal static class DataFlow
{
    public static JsonNode? ApplyInputPath(DataPath inputPath, PathContext context)
    {
        if (inputPath.Path is null)
        {
            return new JsonObject();
        }

        if (inputPath.IsRoot)
        {
            return context.Data;
        }

        return context.Select(inputPath.Path, () => $"Invalid path '{inputPath.Path.Text}' : No results for path: {inputPath.Path.Text}")?.DeepClone();
    }

    public static JsonNode? ApplyOutputPath(DataPath outputPath, PathContext context)
    {
        if (outputPath.Path is null)
        {
            return new JsonObject();
        }

        if (outputPath.IsRoot)
        {
            return context.Data;
        }

        return context.Select(outputPath.Path, () => $"Invalid path '{outputPath.Path.Text}' : No results for path: {outputPath.Path.Text}")?.DeepClone();
    }

    /// <summary>Places <paramref name="result"/> into a copy of <paramref name="input"/> at the ResultPath.</summary>
    public static JsonNode? ApplyResultPath(DataPath resultPath, JsonNode? input, JsonNode? result)
    {
        if (resultPath.Path is null)
        {
            return input;
        }

        if (resultPath.IsRoot)
        {
            return result;
        }

        var segments = resultPath.Path.Segments;
        var root = input?.DeepClone() ?? new JsonObject();
        var current = root;
        for (var i = 0; i < segments.Count; i++)
        {
            var last = i == segments.Count - 1;
            switch (segments[i], current)
            {
                case (ChildSegment child, JsonObject obj):
                    if (last)
                    {
                        obj[child.Name] = result;
                    }
                    else
                    {
                        if (obj[child.Name] is null)
                        {
                            obj[child.Name] = new JsonObject();
                        }

                        current = obj[child.Name]!;
                    }

                    break;
                case (IndexSegment index, JsonArray array) when index.Index >= 0 && index.Index < array.Count:
                    if (last)
                    {
                        array[index.Index] = result;
                    }
                    else
                    {
                        current = array[index.Index] ?? throw Mismatch(resultPath, input);
                    }

                    break;
                default:
                    throw Mismatch(resultPath, input);
            }
        }

        return root;
    }

    private static StatesFailureException Mismatch(DataPath resultPath, JsonNode? input) =>
        new(StatesErrorNames.ResultPathMatchFailure,
            $"Unable to apply step \"{resultPath}\" to input {input?.ToJsonString() ?? "null"}");
}
