// The few ONNX messages the export writes (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
// ValueInfoProto and the type and shape messages inside it), with the field numbers of onnx/onnx.proto.
// Field numbers are the file format: they never change between ONNX releases, so they are written out here.
using System.Runtime.InteropServices;

namespace LeNetPipeline.Onnx;

internal static class OnnxMessages
{
    /// <summary>IR version 7 is the one ONNX 1.8 paired with opset 13; every later runtime reads it.</summary>
    public const long IrVersion = 7;

    /// <summary>TensorProto.DataType.FLOAT.</summary>
    private const int FloatType = 1;

    // AttributeProto.AttributeType.
    private const int AttributeTypeInt = 2;
    private const int AttributeTypeInts = 7;

    public static ProtoMessage Model(string producer, string producerVersion, string documentation, long opsetVersion,
        ProtoMessage graph, IEnumerable<KeyValuePair<string, string>> metadata) =>
        new ProtoMessage()
            .Int64(1, IrVersion)                    // ir_version
            .String(2, producer)                    // producer_name
            .String(3, producerVersion)             // producer_version
            .String(6, documentation)               // doc_string
            .Message(7, graph)                      // graph
            .Message(8, new ProtoMessage()          // opset_import: OperatorSetIdProto, default domain
                .String(1, "")
                .Int64(2, opsetVersion))
            .Messages(14, metadata.Select(entry => new ProtoMessage()   // metadata_props: StringStringEntryProto
                .String(1, entry.Key)
                .String(2, entry.Value)));

    public static ProtoMessage Graph(string name, IEnumerable<ProtoMessage> nodes, IEnumerable<ProtoMessage> initializers,
        IEnumerable<ProtoMessage> inputs, IEnumerable<ProtoMessage> outputs) =>
        new ProtoMessage()
            .Messages(1, nodes)                     // node, in topological order
            .String(2, name)                        // name
            .Messages(5, initializers)              // initializer
            .Messages(11, inputs)                   // input
            .Messages(12, outputs);                 // output

    public static ProtoMessage Node(string opType, string name, string[] inputs, string output, params ProtoMessage[] attributes) =>
        new ProtoMessage()
            .Strings(1, inputs)                     // input
            .String(2, output)                      // output
            .String(3, name)                        // name
            .String(4, opType)                      // op_type
            .Messages(5, attributes);               // attribute

    public static ProtoMessage IntAttribute(string name, long value) =>
        new ProtoMessage()
            .String(1, name)                        // name
            .Int64(20, AttributeTypeInt)            // type
            .Int64(3, value);                       // i

    public static ProtoMessage IntsAttribute(string name, params long[] values) =>
        new ProtoMessage()
            .String(1, name)                        // name
            .Int64(20, AttributeTypeInts)           // type
            .Int64s(8, values);                     // ints

    /// <summary>A float32 tensor; raw_data holds the values little-endian, as the spec requires on every platform.</summary>
    public static ProtoMessage FloatTensor(string name, IReadOnlyList<int> shape, ReadOnlySpan<float> values)
    {
        byte[] raw = new byte[values.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(raw);
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
            }
        }
        return new ProtoMessage()
            .Int64s(1, shape.Select(d => (long)d))  // dims
            .Int64(2, FloatType)                    // data_type
            .String(8, name)                        // name
            .Bytes(9, raw);                         // raw_data
    }

    /// <summary>
    /// A float32 graph input or output whose first dimension is only known at run time (TensorShapeProto.Dimension's
    /// dim_param, named <paramref name="batch"/>) and whose other dimensions are fixed (dim_value).
    /// </summary>
    public static ProtoMessage BatchedFloatValue(string name, string batch, params int[] sizes)
    {
        var shape = new ProtoMessage()
            .Message(1, new ProtoMessage().String(2, batch))                           // dim: dim_param
            .Messages(1, sizes.Select(size => new ProtoMessage().Int64(1, size)));     // dim: dim_value
        var tensorType = new ProtoMessage()
            .Int64(1, FloatType)                    // TypeProto.Tensor.elem_type
            .Message(2, shape);                     // TypeProto.Tensor.shape
        return new ProtoMessage()
            .String(1, name)                        // ValueInfoProto.name
            .Message(2, new ProtoMessage()          // ValueInfoProto.type: TypeProto
                .Message(1, tensorType));           // TypeProto.tensor_type
    }
}
