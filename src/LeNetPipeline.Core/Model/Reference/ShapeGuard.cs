// Length checks shared by the reference layers: every span a layer reads or writes must hold exactly its shape.
// A wrong length is a caller's bug, so it fails loudly instead of reading a neighbour's values.
namespace LeNetPipeline.Model.Reference;

internal static class ShapeGuard
{
    public static void Require(int actualLength, int expectedLength, string name, string shape)
    {
        if (actualLength != expectedLength)
        {
            throw new ArgumentException($"{name} holds {actualLength} values, not the {expectedLength} of shape {shape}", name);
        }
    }
}
