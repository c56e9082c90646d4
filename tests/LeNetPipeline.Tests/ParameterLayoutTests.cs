using LeNetPipeline.Model;

namespace LeNetPipeline.Tests;

public class ParameterLayoutTests
{
    [Fact]
    public void Layout_holds_the_61706_parameters_in_interchange_order()
    {
        Assert.Equal(61706, ParameterLayout.Mnist.Count);
        Assert.Equal(
            ["c1_kernel", "c1_bias", "c3_kernel", "c3_bias", "c5_kernel", "c5_bias", "f6_weights", "f6_bias", "out_weights", "out_bias"],
            ParameterLayout.Mnist.Tensors.Select(t => t.Name));
    }

    [Fact]
    public void Tensors_are_contiguous_without_gaps()
    {
        int expectedOffset = 0;
        foreach (ParameterTensor tensor in ParameterLayout.Mnist.Tensors)
        {
            Assert.Equal(expectedOffset, tensor.Offset);
            expectedOffset += tensor.Length;
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(26)]
    [InlineData(256)]
    public void Only_the_output_layer_grows_with_the_class_count(int classes)
    {
        ParameterLayout layout = ParameterLayout.For(classes);
        Assert.Equal(classes, layout.Classes);
        Assert.Equal(new[] { classes, 84 }, layout.OutWeights.Shape);
        Assert.Equal(new[] { classes }, layout.OutBias.Shape);
        Assert.Equal(ParameterLayout.Mnist.OutWeights.Offset, layout.OutWeights.Offset);
        Assert.Equal(ParameterLayout.Mnist.Count + (classes - 10) * 85, layout.Count);
        Assert.Equal(layout, ParameterLayout.ForCount(layout.Count));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(257)]
    public void Class_counts_outside_2_to_256_are_refused(int classes)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ParameterLayout.For(classes));
    }

    [Fact]
    public void A_buffer_length_that_is_no_layouts_count_has_no_layout()
    {
        Assert.Null(ParameterLayout.ForCount(61706 + 1));
        Assert.Null(ParameterLayout.ForCount(10));
        Assert.Same(ParameterLayout.Mnist, ParameterLayout.ForCount(61706));
    }
}
