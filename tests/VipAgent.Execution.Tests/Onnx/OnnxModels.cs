using System.Text;

namespace VipAgent.Execution.Tests.Onnx;

/// <summary>
/// Writes small ONNX models (the protobuf, field by field from onnx.proto) with fixed weights, so a test knows
/// exactly what the model computes: a 3D convolution with the given kernel and bias, then an optional sigmoid.
/// </summary>
internal static class OnnxModels
{
    /// <summary>
    /// <c>prob = sigmoid(conv3d(image, kernel) + bias)</c> (no sigmoid when <paramref name="sigmoid"/> is false),
    /// zero-padded to keep the size; the input is <c>[1, 1, D, H, W]</c>, D, H, W symbolic unless <paramref name="window"/>
    /// fixes them, the batch symbolic (<c>[N, 1, …]</c>) when <paramref name="symbolicBatch"/> is true.
    /// </summary>
    public static byte[] Convolution(
        float[] kernel, float bias, bool sigmoid = true, int[]? window = null, int elementType = 1, int rank = 5, bool symbolicBatch = false)
    {
        var k = (int)Math.Round(Math.Cbrt(kernel.Length));
        var p = k / 2;
        var graph = new Proto();
        if (elementType != 1)
        {
            // a model fed some other type casts it to float before the convolution
            graph.Message(1, n => n.String(1, "image").String(2, "image_float").String(4, "Cast").Message(5, a => a.String(1, "to").Varint(20, 2).Varint(3, 1)));
        }

        graph.Message(1, n =>
        {
            n.String(1, elementType != 1 ? "image_float" : "image");
            n.String(1, "W");
            n.String(1, "B");
            n.String(2, sigmoid ? "z" : "prob");
            n.String(4, "Conv");
            n.Message(5, a => a.String(1, "pads").Varint(20, 7).Varints(8, [p, p, p, p, p, p]));
            n.Message(5, a => a.String(1, "kernel_shape").Varint(20, 7).Varints(8, [k, k, k]));
        });
        if (sigmoid)
        {
            graph.Message(1, n => n.String(1, "z").String(2, "prob").String(4, "Sigmoid"));
        }

        graph.String(2, "vipagent_test_model");
        graph.Message(5, t => t.Varints(1, [1, 1, k, k, k]).Varint(2, 1).String(8, "W").Bytes(9, Floats(kernel)));
        graph.Message(5, t => t.Varints(1, [1]).Varint(2, 1).String(8, "B").Bytes(9, Floats([bias])));
        graph.Message(11, v => ValueInfo(v, "image", elementType, rank, window, symbolicBatch));
        graph.Message(12, v => ValueInfo(v, "prob", 1, 5, window, symbolicBatch));

        var model = new Proto();
        model.Varint(1, 8);
        model.String(2, "vipagent-tests");
        model.Message(8, o => o.Varint(2, 13));
        model.Message(7, g => g.Raw(graph));
        return model.ToArray();
    }

    /// <summary>A 3×3×3 kernel that copies the centre voxel.</summary>
    public static float[] Identity3() => [.. Enumerable.Range(0, 27).Select(i => i == 13 ? 1f : 0f)];

    /// <summary>A 3×3×3 mean filter.</summary>
    public static float[] Mean3() => [.. Enumerable.Repeat(1f / 27, 27)];

    private static void ValueInfo(Proto v, string name, int elementType, int rank, int[]? window, bool symbolicBatch)
    {
        v.String(1, name);
        v.Message(2, type => type.Message(1, tensor =>
        {
            tensor.Varint(1, elementType);
            tensor.Message(2, shape =>
            {
                shape.Message(1, d => _ = symbolicBatch ? d.String(2, "N") : d.Varint(1, 1));
                shape.Message(1, d => d.Varint(1, 1));
                for (var i = 0; i < rank - 2; i++)
                {
                    var axis = i;
                    shape.Message(1, d =>
                    {
                        if (window is null)
                        {
                            d.String(2, "DHW"[Math.Min(axis, 2)].ToString());
                        }
                        else
                        {
                            d.Varint(1, window[axis]);
                        }
                    });
                }
            });
        }));
    }

    private static byte[] Floats(float[] values) => [.. values.SelectMany(BitConverter.GetBytes)];

    /// <summary>Just enough of the protobuf wire format: varints, length-delimited fields.</summary>
    private sealed class Proto
    {
        private readonly MemoryStream _bytes = new();

        public Proto Varint(int field, long value)
        {
            Key(field, 0);
            Write((ulong)value);
            return this;
        }

        public Proto Varints(int field, long[] values)
        {
            foreach (var value in values)
            {
                Varint(field, value);
            }

            return this;
        }

        public Proto String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Proto Bytes(int field, byte[] value)
        {
            Key(field, 2);
            Write((ulong)value.Length);
            _bytes.Write(value);
            return this;
        }

        public Proto Message(int field, Action<Proto> build)
        {
            var inner = new Proto();
            build(inner);
            return Bytes(field, inner.ToArray());
        }

        public Proto Raw(Proto other)
        {
            _bytes.Write(other.ToArray());
            return this;
        }

        public byte[] ToArray() => _bytes.ToArray();

        private void Key(int field, int wireType) => Write((ulong)((field << 3) | wireType));

        private void Write(ulong value)
        {
            while (value >= 0x80)
            {
                _bytes.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            _bytes.WriteByte((byte)value);
        }
    }
}
