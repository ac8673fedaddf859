using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Lifecycles;

internal static class ResponseRewriter
{
    /// <summary>Applies <paramref name="edit"/> to a successful XML response and puts the result back.</summary>
    public static async Task<HttpResponseMessage> XmlAsync(HttpResponseMessage response, Action<XDocument> edit, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            return response;
        }
        var document = await XmlEdit.ReadXmlAsync(response, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return response;
        }
        edit(document);
        XmlEdit.ReplaceBody(response, document);
        return response;
    }

    /// <summary>Applies <paramref name="edit"/> to a successful JSON response and puts the result back.</summary>
    public static async Task<HttpResponseMessage> JsonAsync(HttpResponseMessage response, Action<JsonObject> edit, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            return response;
        }
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "application/x-amz-json-1.1";
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            json = null;
        }
        if (json is null)
        {
            response.Content = new StringContent(text, Encoding.UTF8, mediaType);
            return response;
        }
        edit(json);
        response.Content = new StringContent(json.ToJsonString(), Encoding.UTF8, mediaType);
        return response;
    }
}
