using System.Text;
using System.Xml.Linq;

namespace Provisioner.LocalCloud.Wire;

/// <summary>Namespace-agnostic helpers for reading and rewriting Query/XML responses.</summary>
internal static class XmlEdit
{
    public static IEnumerable<XElement> Named(this XContainer container, string localName) =>
        container.Descendants().Where(e => e.Name.LocalName == localName);

    public static XElement? Child(this XElement element, string localName) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static string? ChildValue(this XElement element, string localName) => element.Child(localName)?.Value;

    /// <summary>Sets a child's value, creating the child (in the parent's namespace) when missing.</summary>
    public static void SetChild(this XElement element, string localName, string value)
    {
        var child = element.Child(localName);
        if (child is null)
        {
            element.Add(new XElement(element.Name.Namespace + localName, value));
        }
        else
        {
            child.Value = value;
        }
    }

    public static async Task<XDocument?> ReadXmlAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return XDocument.Parse(text);
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    /// <summary>Puts a rewritten document back as the response body, keeping status and headers.</summary>
    public static void ReplaceBody(HttpResponseMessage response, XDocument document)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "text/xml";
        response.Content = new StringContent(document.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, mediaType);
    }
}
