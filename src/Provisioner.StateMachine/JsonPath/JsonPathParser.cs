using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Provisioner.StateMachine.JsonPath;

/// <summary>Recursive-descent parser for the JSONPath dialect ASL uses (Jayway-compatible subset).</summary>
internal sealed class JsonPathParser
{
    private readonly string _text;
    private int _pos;

    private JsonPathParser(string text, int start)
    {
        _text = text;
        _pos = start;
    }

    public static JsonPathExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || text[0] != '$')
        {
            throw new JsonPathException($"'{text}' is not a path: it must start with '$'.");
        }

        JsonPathRootKind root;
        string? variable = null;
        var start = 1;
        if (text.StartsWith("$$", StringComparison.Ordinal))
        {
            root = JsonPathRootKind.Context;
            start = 2;
        }
        else if (text.Length > 1 && IsIdentifierStart(text[1]))
        {
            root = JsonPathRootKind.Variable;
            var end = 1;
            while (end < text.Length && IsIdentifierPart(text[end]))
            {
                end++;
            }

            variable = text[1..end];
            start = end;
        }
        else
        {
            root = JsonPathRootKind.Input;
        }

        var parser = new JsonPathParser(text, start);
        var segments = parser.ParseSegments(stopAt: null);
        if (parser._pos != text.Length)
        {
            throw parser.Error("unexpected character");
        }

        return new JsonPathExpression(text, root, variable, segments);
    }

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';

    private List<JsonPathSegment> ParseSegments(char? stopAt)
    {
        var segments = new List<JsonPathSegment>();
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (stopAt is not null && IsFilterBoundary(c))
            {
                break;
            }

            if (c == '.')
            {
                if (Peek(1) == '.')
                {
                    _pos += 2;
                    var selector = Peek(0) == '[' ? ParseBracket() : ParseDotted();
                    segments.Add(new RecursiveSegment(selector));
                }
                else
                {
                    _pos++;
                    segments.Add(ParseDotted());
                }
            }
            else if (c == '[')
            {
                segments.Add(ParseBracket());
            }
            else
            {
                throw Error("expected '.' or '['");
            }
        }

        return segments;
    }

    private static bool IsFilterBoundary(char c) => c is ' ' or ')' or '=' or '!' or '<' or '>' or '&' or '|';

    private JsonPathSegment ParseDotted()
    {
        if (Peek(0) == '*')
        {
            _pos++;
            return new WildcardSegment();
        }

        var start = _pos;
        while (_pos < _text.Length && _text[_pos] is not ('.' or '[') && !IsFilterBoundary(_text[_pos]) && _text[_pos] != '(')
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error("expected a field name after '.'");
        }

        var name = _text[start.._pos];
        if (Peek(0) == '(' && Peek(1) == ')' && name == "length")
        {
            _pos += 2;
            return new LengthFunctionSegment();
        }

        if (Peek(0) == '(')
        {
            throw Error($"unsupported function '{name}()'");
        }

        return new ChildSegment(name);
    }

    private JsonPathSegment ParseBracket()
    {
        Expect('[');
        SkipSpaces();
        JsonPathSegment result;
        if (Peek(0) == '?')
        {
            _pos++;
            SkipSpaces();
            Expect('(');
            var filter = ParseOr();
            SkipSpaces();
            Expect(')');
            result = new FilterSegment(filter);
        }
        else if (Peek(0) == '*')
        {
            _pos++;
            result = new WildcardSegment();
        }
        else
        {
            var members = new List<JsonPathSegment> { ParseBracketMember() };
            SkipSpaces();
            while (Peek(0) == ',')
            {
                _pos++;
                SkipSpaces();
                members.Add(ParseBracketMember());
                SkipSpaces();
            }

            result = members.Count == 1 ? members[0] : new UnionSegment(members);
        }

        SkipSpaces();
        Expect(']');
        return result;
    }

    private JsonPathSegment ParseBracketMember()
    {
        var c = Peek(0);
        if (c is '\'' or '"')
        {
            return new ChildSegment(ParseQuoted());
        }

        int? start = TryParseInt();
        if (Peek(0) != ':')
        {
            return start is { } index ? new IndexSegment(index) : throw Error("expected an index, a quoted name, '*' or '?('");
        }

        _pos++;
        var end = TryParseInt();
        var step = 1;
        if (Peek(0) == ':')
        {
            _pos++;
            step = TryParseInt() ?? 1;
            if (step == 0)
            {
                throw Error("slice step cannot be 0");
            }
        }

        return new SliceSegment(start, end, step);
    }

    private int? TryParseInt()
    {
        SkipSpaces();
        var start = _pos;
        if (Peek(0) == '-')
        {
            _pos++;
        }

        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        if (_pos == start || (_pos == start + 1 && _text[start] == '-'))
        {
            _pos = start;
            return null;
        }

        var value = int.Parse(_text.AsSpan(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        SkipSpaces();
        return value;
    }

    private string ParseQuoted()
    {
        var quote = _text[_pos++];
        var sb = new StringBuilder();
        while (_pos < _text.Length && _text[_pos] != quote)
        {
            if (_text[_pos] == '\\' && _pos + 1 < _text.Length)
            {
                _pos++;
            }

            sb.Append(_text[_pos++]);
        }

        Expect(quote);
        return sb.ToString();
    }

    private FilterExpression ParseOr()
    {
        var left = ParseAnd();
        SkipSpaces();
        while (Peek(0) == '|' && Peek(1) == '|')
        {
            _pos += 2;
            left = new FilterOr(left, ParseAnd());
            SkipSpaces();
        }

        return left;
    }

    private FilterExpression ParseAnd()
    {
        var left = ParseUnary();
        SkipSpaces();
        while (Peek(0) == '&' && Peek(1) == '&')
        {
            _pos += 2;
            left = new FilterAnd(left, ParseUnary());
            SkipSpaces();
        }

        return left;
    }

    private FilterExpression ParseUnary()
    {
        SkipSpaces();
        if (Peek(0) == '!' && Peek(1) != '=')
        {
            _pos++;
            return new FilterNot(ParseUnary());
        }

        if (Peek(0) == '(')
        {
            _pos++;
            var inner = ParseOr();
            SkipSpaces();
            Expect(')');
            return inner;
        }

        var left = ParseOperand();
        SkipSpaces();
        var op = TryOperator();
        if (op is null)
        {
            return left is FilterPathOperand ? new FilterExists(left) : throw Error("a literal alone is not a filter");
        }

        SkipSpaces();
        return new FilterComparison(left, op, ParseOperand());
    }

    private string? TryOperator()
    {
        foreach (var op in new[] { "==", "!=", "<=", ">=", "=~", "<", ">" })
        {
            if (string.CompareOrdinal(_text, _pos, op, 0, op.Length) == 0)
            {
                _pos += op.Length;
                return op;
            }
        }

        return null;
    }

    private FilterOperand ParseOperand()
    {
        SkipSpaces();
        var c = Peek(0);
        if (c is '@' or '$')
        {
            _pos++;
            return new FilterPathOperand(c == '@', ParseSegments(stopAt: ')'));
        }

        if (c is '\'' or '"')
        {
            return new FilterLiteralOperand(JsonValue.Create(ParseQuoted()));
        }

        if (c == '/')
        {
            var end = _text.IndexOf('/', _pos + 1);
            if (end < 0)
            {
                throw Error("unterminated regular expression");
            }

            var regex = _text[_pos..(end + 1)];
            _pos = end + 1;
            return new FilterLiteralOperand(JsonValue.Create(regex));
        }

        var start = _pos;
        while (_pos < _text.Length && !IsFilterBoundary(_text[_pos]))
        {
            _pos++;
        }

        var literal = _text[start.._pos];
        try
        {
            return new FilterLiteralOperand(JsonNode.Parse(literal));
        }
        catch (System.Text.Json.JsonException)
        {
            throw Error($"'{literal}' is not a literal");
        }
    }

    private char Peek(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private void SkipSpaces()
    {
        while (_pos < _text.Length && _text[_pos] == ' ')
        {
            _pos++;
        }
    }

    private void Expect(char c)
    {
        if (Peek(0) != c)
        {
            throw Error($"expected '{c}'");
        }

        _pos++;
    }

    private JsonPathException Error(string what) =>
        new($"Invalid JSONPath '{_text}': {what} at position {_pos}.");
}
