// The PGM reader against the Netpbm format rules: plain and raw, 8- and 16-bit samples, comments in the header,
// levels scaled from maxval to 0..255; and the strictness: every malformed or incomplete file is refused by name.
using System.Text;
using LeNetPipeline.Images;

namespace LeNetPipeline.Tests.Commands;

public class PgmReaderTests
{
    [Fact]
    public void A_plain_greymap_with_comments_is_read_row_by_row()
    {
        GreyImage image = Read("P2\n# a comment\n3 2 # another\n4\n0 1 2\n3 4 0\n");

        Assert.Equal((3, 2), (image.Width, image.Height));
        Assert.Equal(new[] { 0f, 63.75f, 127.5f, 191.25f, 255f, 0f }, image.Pixels);
    }

    [Fact]
    public void A_raw_greymap_with_16_bit_samples_reads_them_big_endian()
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes("P5 2 1 65535\n"), 0xFF, 0xFF, 0x00, 0x00];

        GreyImage image = PgmReader.Read("x.pgm", bytes);

        Assert.Equal(new[] { 255f, 0f }, image.Pixels);
    }

    [Fact]
    public void A_raw_greymap_keeps_a_sample_that_happens_to_be_a_whitespace_byte()
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes("P5\n2 1\n255\n"), (byte)'\n', (byte)' '];

        Assert.Equal(new[] { 10f, 32f }, PgmReader.Read("x.pgm", bytes).Pixels);
    }

    [Theory]
    [InlineData("P3\n1 1\n255\n0 0 0\n", "not a PGM greymap")]
    [InlineData("P2\n0 1\n255\n", "width is 0, below 1")]
    [InlineData("P2\n1 1\n0\n0\n", "maxval is 0, below 1")]
    [InlineData("P2\n1 1\n70000\n0\n", "maxval is above 65535")]
    [InlineData("P2\n2 2\n255\n0 1 2\n", "truncated: 3 of 4 pixel values")]
    [InlineData("P2\n1 1\n255\n256\n", "pixel value 0 is above 255")]
    [InlineData("P2\n1 1\n255\n7 8\n", "unexpected data after the 1 pixel values")]
    [InlineData("P2\n1 1\n255\n7x\n", "pixel value 0: unexpected 'x' after the number")]
    [InlineData("P2\n1", "truncated: the header ends before the height")]
    [InlineData("P2\n1 -1\n255\n", "height: expected a decimal number, found '-'")]
    [InlineData("P5\n2 2\n255\nab", "truncated: 2 of 4 pixel bytes")]
    [InlineData("P5\n1 1\n255\nabc", "unexpected data after the 1 pixel bytes")]
    [InlineData("P5\n1 1\n255", "truncated: the file ends after the header")]
    [InlineData("P5\n1 1\n100\n\u00ff", "pixel 0 is 255, above maxval 100")]
    [InlineData("P5\n100000 100000\n255\n", "is too large")]
    public void A_malformed_greymap_is_refused_naming_the_file_and_the_problem(string content, string problem)
    {
        var error = Assert.Throws<InvalidInputException>(() => Read(content));

        Assert.StartsWith("digit.pgm: ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    private static GreyImage Read(string content) => PgmReader.Read("digit.pgm", Encoding.Latin1.GetBytes(content));
}
