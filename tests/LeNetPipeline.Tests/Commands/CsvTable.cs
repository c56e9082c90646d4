// Reads the small CSV files the commands write (a header, then rows keyed by their first field), strictly: every
// row has as many fields as the header. Quoted fields are not needed by these files, so a quote is an error.
namespace LeNetPipeline.Tests.Commands;

internal sealed class CsvTable
{
    private CsvTable(string[] header, List<string[]> rows)
    {
        Header = header;
        Rows = rows;
    }

    public string[] Header { get; }

    public IReadOnlyList<string[]> Rows { get; }

    public static CsvTable Read(string path)
    {
        string[] lines = File.ReadAllLines(path);
        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, line => line.Contains('"'));
        string[] header = lines[0].Split(',');
        List<string[]> rows = lines.Skip(1).Select(line => line.Split(',')).ToList();
        Assert.All(rows, row => Assert.Equal(header.Length, row.Length));
        return new CsvTable(header, rows);
    }

    public int Column(string name)
    {
        int index = Array.IndexOf(Header, name);
        Assert.True(index >= 0, $"no column {name} in {string.Join(',', Header)}");
        return index;
    }

    public string[] Row(string key) => Assert.Single(Rows, row => row[0] == key);
}
