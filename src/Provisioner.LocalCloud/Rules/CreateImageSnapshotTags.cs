using System.Globalization;
using System.Text.RegularExpressions;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Rules;

/// <summary>
/// CreateImage's TagSpecifications may tag the snapshots the image is made of (ResourceType=snapshot).
/// moto 5.2.1 fails on that with a 500; this rule takes the snapshot specification out before moto sees
/// the call and applies its tags to the image's snapshots afterwards, so callers see AWS's behaviour.
/// </summary>
internal sealed partial class CreateImageSnapshotTags(RealismLayer layer) : ICallBehavior
{
    [GeneratedRegex(@"^TagSpecification\.(\d+)\.(.+)$")]
    private static partial Regex TagSpecificationKey();

    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (call.Service != "ec2" || call.Action != "CreateImage")
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        // Group the TagSpecification.N.* parameters by N.
        var specs = new SortedDictionary<int, List<(string Tail, string Value)>>();
        var others = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in call.Form)
        {
            var match = TagSpecificationKey().Match(key);
            if (match.Success)
            {
                var index = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                if (!specs.TryGetValue(index, out var list))
                {
                    specs[index] = list = [];
                }
                list.Add((match.Groups[2].Value, value));
            }
            else
            {
                others.Add(new(key, value));
            }
        }
        var snapshotSpecs = specs.Where(s => s.Value.Any(p => p.Tail == "ResourceType" && p.Value == "snapshot")).ToList();
        if (snapshotSpecs.Count == 0)
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }

        var snapshotTags = snapshotSpecs
            .SelectMany(s => TagsOf(s.Value))
            .GroupBy(t => t.Key, StringComparer.Ordinal)
            .Select(g => g.Last())
            .ToList();
        var kept = specs.Where(s => !snapshotSpecs.Any(x => x.Key == s.Key)).Select(s => s.Value).ToList();
        for (var i = 0; i < kept.Count; i++)
        {
            others.AddRange(kept[i].Select(p => new KeyValuePair<string, string>($"TagSpecification.{i + 1}.{p.Tail}", p.Value)));
        }
        call.ReplaceForm(others);

        var response = await next(call, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return response;
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var imageId = System.Xml.Linq.XDocument.Parse(body).Named("imageId").FirstOrDefault()?.Value;
        if (imageId is not null && snapshotTags.Count > 0)
        {
            var image = await layer.Moto.QueryAsync("ec2", "DescribeImages", [new("ImageId.1", imageId)], cancellationToken).ConfigureAwait(false);
            var snapshots = image.Named("snapshotId").Select(e => e.Value).Distinct().ToList();
            if (snapshots.Count > 0)
            {
                var parameters = new List<KeyValuePair<string, string>>();
                for (var i = 0; i < snapshots.Count; i++)
                {
                    parameters.Add(new($"ResourceId.{i + 1}", snapshots[i]));
                }
                for (var i = 0; i < snapshotTags.Count; i++)
                {
                    parameters.Add(new($"Tag.{i + 1}.Key", snapshotTags[i].Key));
                    parameters.Add(new($"Tag.{i + 1}.Value", snapshotTags[i].Value));
                }
                await layer.Moto.QueryAsync("ec2", "CreateTags", parameters, cancellationToken).ConfigureAwait(false);
            }
        }
        // The body was read; give the caller a fresh copy.
        var replacement = new StringContent(body, System.Text.Encoding.UTF8, response.Content.Headers.ContentType?.MediaType ?? "text/xml");
        response.Content = replacement;
        return response;
    }

    private static IEnumerable<KeyValuePair<string, string>> TagsOf(List<(string Tail, string Value)> spec)
    {
        for (var i = 1; ; i++)
        {
            var key = spec.FirstOrDefault(p => p.Tail == $"Tag.{i}.Key").Value;
            if (key is null)
            {
                yield break;
            }
            yield return new(key, spec.FirstOrDefault(p => p.Tail == $"Tag.{i}.Value").Value ?? "");
        }
    }
}
