// The element types this project reads and writes in .npy arrays, each tied to exactly one descr string.
// Only little-endian descrs are named: a file must state its byte order, and numpy always writes '<' for these.
namespace LeNetPipeline.Weights;

public enum NpyDataType
{
    Float32,
    Float64,
    Int64,
    UInt64,
}
