// A parser for the few Python literals an .npy header dict is written in: dict, tuple, list, str, int, True, False.
// It only builds values; nothing in the text is evaluated, imported or looked up by name, so no header can run code.
using System.Numerics;

namespace LeNetPipeline.Weights;

internal static class PythonLiteral
{
    /// <summary>A Python tuple; kept apart from lists because an .npy shape must be a tuple.</summary>
    public sealed record Tuple(IReadOnlyList<object> Items);

    /// <summary>A Python list; in an .npy header only a structured dtype's descr is one.</summary>
    public sealed record List(IReadOnlyList<object> Items);

    // Headers are at most a few kilobytes; this bounds recursion for hostile input such as "((((((((...".
    private const int MaxDepth = 32;

    /// <summary>
    /// Parses a dict with string keys whose values are str (string), int (BigInteger, so no literal overflows),
    /// bool, Tuple or List. Anything else, including trailing text other than whitespace, is a format error.
    /// </summary>
    public static IReadOnlyDictionary<string, object> ParseDict(string text)
    {
        var parser = new Parser(text);
        parser.SkipWhitespace();
        if (!parser.TryConsume('{'))
        {
            throw new NpyFormatException("malformed header: it is not a Python dict literal");
        }
        IReadOnlyDictionary<string, object> dict = parser.ParseDictBody();
        parser.SkipWhitespace();
        if (!parser.AtEnd)
        {
            throw new NpyFormatException($"malformed header: unexpected text after the dict at character {parser.Position}");
        }
        return dict;
    }

    private sealed class Parser(string text)
    {
        private int _depth;

        public int Position { get; private set; }

        public bool AtEnd => Position == text.Length;

        public void SkipWhitespace()
        {
            while (!AtEnd && text[Position] is ' ' or '\t' or '\n' or '\r' or '\f')
            {
                Position++;
            }
        }

        public bool TryConsume(char expected)
        {
            if (!AtEnd && text[Position] == expected)
            {
                Position++;
                return true;
            }
            return false;
        }

        public IReadOnlyDictionary<string, object> ParseDictBody()
        {
            var dict = new Dictionary<string, object>(StringComparer.Ordinal);
            Enter();
            SkipWhitespace();
            while (!TryConsume('}'))
            {
                if (Peek() is not ('\'' or '"'))
                {
                    throw Malformed("expected a string key");
                }
                string key = ParseString();
                Expect(':');
                object value = ParseValue();
                if (!dict.TryAdd(key, value))
                {
                    throw new NpyFormatException($"malformed header: key {NpyFormatException.Quote(key)} appears twice");
                }
                if (!SeparatorBefore('}'))
                {
                    Expect('}');
                    break;
                }
            }
            _depth--;
            return dict;
        }

        private object ParseValue()
        {
            SkipWhitespace();
            char c = Peek();
            if (c is '\'' or '"')
            {
                return ParseString();
            }
            if (c is '(' or '[')
            {
                Position++;
                char close = c == '(' ? ')' : ']';
                IReadOnlyList<object> items = ParseSequence(close, out bool sawComma);
                // "(6)" is just 6 in parentheses; "(6,)" is a tuple. A tuple needs a comma unless it is empty.
                return c == '['
                    ? new List(items)
                    : items.Count == 1 && !sawComma ? items[0] : new Tuple(items);
            }
            if (c is '{')
            {
                Position++;
                return ParseDictBody();
            }
            if (char.IsAsciiDigit(c))
            {
                return ParseInteger();
            }
            if (c == '-')
            {
                Position++;
                SkipWhitespace();
                if (!char.IsAsciiDigit(Peek()))
                {
                    throw Malformed("expected a number after '-'");
                }
                return -ParseInteger();
            }
            string word = ParseWord();
            return word switch
            {
                "True" => true,
                "False" => false,
                "" => throw Malformed("expected a value"),
                _ => throw new NpyFormatException($"malformed header: {NpyFormatException.Quote(word)} is not a literal this reader accepts"),
            };
        }

        private List<object> ParseSequence(char close, out bool sawComma)
        {
            Enter();
            var items = new List<object>();
            sawComma = false;
            SkipWhitespace();
            while (!TryConsume(close))
            {
                items.Add(ParseValue());
                if (SeparatorBefore(close))
                {
                    sawComma = true;
                }
                else
                {
                    Expect(close);
                    break;
                }
            }
            _depth--;
            return items;
        }

        /// <summary>After an item: consumes a comma and returns true, or returns false if the next char closes.</summary>
        private bool SeparatorBefore(char close)
        {
            SkipWhitespace();
            if (TryConsume(','))
            {
                SkipWhitespace();
                return true;
            }
            if (Peek() == close)
            {
                return false;
            }
            throw Malformed($"expected ',' or '{close}'");
        }

        private string ParseString()
        {
            char quote = text[Position++];
            int start = Position;
            while (!AtEnd && text[Position] != quote)
            {
                // Escapes never occur in what numpy writes for these keys; refusing them keeps this parser exact.
                if (text[Position] is '\\' or '\n' or '\r')
                {
                    throw Malformed("escape sequences and line breaks in strings are not supported");
                }
                Position++;
            }
            if (AtEnd)
            {
                throw Malformed("unterminated string");
            }
            return text[start..Position++];
        }

        private BigInteger ParseInteger()
        {
            int start = Position;
            while (!AtEnd && char.IsAsciiDigit(text[Position]))
            {
                Position++;
            }
            if (Position - start > 1 && text[start] == '0')
            {
                throw Malformed("integers with leading zeros are not Python literals");
            }
            return BigInteger.Parse(text.AsSpan(start, Position - start), provider: System.Globalization.CultureInfo.InvariantCulture);
        }

        private string ParseWord()
        {
            int start = Position;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(text[Position]) || text[Position] == '_'))
            {
                Position++;
            }
            return text[start..Position];
        }

        private void Expect(char expected)
        {
            SkipWhitespace();
            if (!TryConsume(expected))
            {
                throw Malformed($"expected '{expected}'");
            }
        }

        private char Peek() => AtEnd ? '\0' : text[Position];

        private void Enter()
        {
            if (++_depth > MaxDepth)
            {
                throw Malformed($"nested deeper than {MaxDepth} levels");
            }
        }

        private NpyFormatException Malformed(string problem) =>
            new($"malformed header: {problem} at character {Position}");
    }
}
