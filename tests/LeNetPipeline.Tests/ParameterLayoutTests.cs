using LeNetPipeline.Model;

namespace LeNetPipeline.Tests;

public class ParameterLayoutTests
{
    [Fact]
    public void Layout_holds_the_61706_parameters_in_interchange_order()
    {
        Assert.Equal(61706, ParameterLayout.Count);
        Assert.Equal(
            ["c1_kernel", "c1_bias", "c3_kernel", "c3_bias", "c5_kernel", "c5_bias", "f6_weights", "f6_bias", "out_weights", "out_bias"],
            ParameterLayout.Tensors.Select(t => t.Name));
    }

    [Fact]
    public void Tensors_are_contiguous_without_gaps()
    {
        int expectedOffset = 0;
        foreach (ParameterTensor tensor in ParameterLayout.Tensors)
        {
            Assert.Equal(expectedOffset, tensor.Offset);
            expectedOffset += tensor.Length;
        }
    }
}
