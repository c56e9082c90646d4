// One protocol-buffers message being written, field by field, in the wire format (Google.Protobuf's
// CodedOutputStream does the encoding). Only the field kinds ONNX export needs; written once, never parsed here.
using Google.Protobuf;

namespace LeNetPipeline.Onnx;

internal sealed class ProtoMessage
{
    private readonly MemoryStream _buffer = new();
    private readonly CodedOutputStream _output;

    public ProtoMessage() => _output = new CodedOutputStream(_buffer, leaveOpen: true);

    public ProtoMessage Int64(int field, long value)
    {
        _output.WriteTag(field, WireFormat.WireType.Varint);
        _output.WriteInt64(value);
        return this;
    }

    /// <summary>A proto2 "repeated int64" without [packed = true]: one tagged value per element, as onnx.proto declares it.</summary>
    public ProtoMessage Int64s(int field, IEnumerable<long> values)
    {
        foreach (long value in values)
        {
            Int64(field, value);
        }
        return this;
    }

    public ProtoMessage String(int field, string value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteString(value);
        return this;
    }

    public ProtoMessage Strings(int field, IEnumerable<string> values)
    {
        foreach (string value in values)
        {
            String(field, value);
        }
        return this;
    }

    public ProtoMessage Bytes(int field, ReadOnlySpan<byte> value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteBytes(ByteString.CopyFrom(value));
        return this;
    }

    /// <summary>An embedded message: its encoded bytes, length-prefixed.</summary>
    public ProtoMessage Message(int field, ProtoMessage message) => Bytes(field, message.ToArray());

    public ProtoMessage Messages(int field, IEnumerable<ProtoMessage> messages)
    {
        foreach (ProtoMessage message in messages)
        {
            Message(field, message);
        }
        return this;
    }

    public byte[] ToArray()
    {
        _output.Flush();
        return _buffer.ToArray();
    }
}
