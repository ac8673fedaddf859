using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

using Provisioner.StateMachine.JsonPath;

namespace Provisioner.StateMachine.Intrinsics;

/// <summary>Parses intrinsic calls: names, nested calls, single-quoted strings with \ escapes, numbers, booleans, null and paths.</summary>
internal sealed class IntrinsicParser
{
    private readonly string _text;
    private int _pos;

    private IntrinsicParser(string text) => _text = text;

    public static IntrinsicCall Parse(string text)
    {
        var parser = new IntrinsicParser(text);
        var call = parser.ParseCall();
        parser.SkipSpaces();
        return parser._pos == text.Length ? call : throw parser.Error("unexpected text after the call");
    }

    private IntrinsicCall ParseCall()
    {
        SkipSpaces();
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '.'))
        {
            _pos++;
        }

        var name = _text[start.._pos];
        if (!IntrinsicFunctions.IsKnown(name))
        {
            throw new JsonPathException($"'{name}' is not an intrinsic function (in '{_text}').");
        }

        SkipSpaces();
        Expect('(');
        var args = new List<IntrinsicArgument>();
        SkipSpaces();
        if (Peek() != ')')
        {
            args.Add(ParseArgument());
            SkipSpaces();
            while (Peek() == ',')
            {
                _pos++;
                args.Add(ParseArgument());
                SkipSpaces();
            }
        }

        Expect(')');
        return new IntrinsicCall(name, args, _text[start.._pos]);
    }

    private IntrinsicArgument ParseArgument()
    {
        SkipSpaces();
        var c = Peek();
        if (c == '\'')
        {
            return new LiteralArgument(JsonValue.Create(ParseString()));
        }

        if (c == '$')
        {
            var start = _pos;
            var depth = 0;
            var inQuote = false;
            while (_pos < _text.Length)
            {
                var ch = _text[_pos];
                if (ch == '\'' )
                {
                    inQuote = !inQuote;
                }
                else if (!inQuote && (ch is '[' or '('))
                {
                    depth++;
                }
                else if (!inQuote && (ch is ']' || (ch == ')' && depth > 0)))
                {
                    depth--;
                }
                else if (!inQuote && depth == 0 && (ch is ',' or ')' or ' '))
                {
                    break;
                }

                _pos++;
            }

            return new PathArgument(JsonPathExpression.Parse(_text[start.._pos]));
        }

        if (_text.AsSpan(_pos).StartsWith("States.", StringComparison.Ordinal))
        {
            return new CallArgument(ParseCall());
        }

        var litStart = _pos;
        while (_pos < _text.Length && _text[_pos] is not (',' or ')' or ' '))
        {
            _pos++;
        }

        var literal = _text[litStart.._pos];
        return literal switch
        {
            "true" => new LiteralArgument(JsonValue.Create(true)),
            "false" => new LiteralArgument(JsonValue.Create(false)),
            "null" => new LiteralArgument(null),
            _ when long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => new LiteralArgument(JsonValue.Create(l)),
            _ when double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => new LiteralArgument(JsonValue.Create(d)),
            _ => throw Error($"'{literal}' is not a valid argument"),
        };
    }

    private string ParseString()
    {
        Expect('\'');
        var sb = new StringBuilder();
        while (_pos < _text.Length && _text[_pos] != '\'')
        {
            if (_text[_pos] == '\\' && _pos + 1 < _text.Length)
            {
                // ASL escapes \' \{ \} and \\ ; the backslash is kept for \{ and \} so States.Format can tell literal braces.
                var next = _text[_pos + 1];
                if (next is '{' or '}')
                {
                    sb.Append('\\');
                }

                sb.Append(next);
                _pos += 2;
                continue;
            }

            sb.Append(_text[_pos++]);
        }

        Expect('\'');
        return sb.ToString();
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipSpaces()
    {
        while (_pos < _text.Length && _text[_pos] == ' ')
        {
            _pos++;
        }
    }

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error($"expected '{c}'");
        }

        _pos++;
    }

    private JsonPathException Error(string what) => new($"Invalid intrinsic function '{_text}': {what} at position {_pos}.");
}
