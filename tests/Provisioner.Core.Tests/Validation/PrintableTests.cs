using Provisioner.Core.Validation;

namespace Provisioner.Core.Tests.Validation;

public sealed class PrintableTests
{
    [Fact]
    public void Cut_ShortText_IsUnchanged()
    {
        Assert.Equal("abc", Printable.Cut("abc", 3));
    }

    [Fact]
    public void Cut_LongText_KeepsTheStartAndSaysHowLong()
    {
        Assert.Equal("abc... (5 characters)", Printable.Cut("abcde", 3));
    }

    [Fact]
    public void Cut_AtASurrogatePair_DoesNotSplitIt()
    {
        var cut = Printable.Cut("ab\U0001F600cd", 3);

        Assert.Equal("ab... (6 characters)", cut);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\nb", "a\\nb")]
    [InlineData("a\tb\r", "a\\tb\\r")]
    [InlineData("\u001b[2J", "\\u001b[2J")]
    [InlineData("x\u0000y\u007f", "x\\u0000y\\u007f")]
    [InlineData("evil\u202etxt.exe", "evil\\u202etxt.exe")]
    [InlineData("caf\u00e9 \u4e2d", "caf\u00e9 \u4e2d")]
    public void Escape_ControlAndBidiCharacters_AreShownAsEscapes(string text, string expected)
    {
        Assert.Equal(expected, Printable.Escape(text));
    }
}
