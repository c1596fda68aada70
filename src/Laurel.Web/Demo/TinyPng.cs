using System.Buffers.Binary;
using System.IO.Compression;

namespace Laurel.Web.Demo;

/// <summary>A small PNG drawn in code (a silhouette on a coloured ground), so that the demo's photo needs no binary file in the repository.</summary>
public static class TinyPng
{
    public static byte[] Portrait(int width = 60, int height = 80, byte r = 0xB7, byte g = 0x1C, byte b = 0x1C)
    {
        var raw = new byte[height * (width * 3 + 1)];
        for (var y = 0; y < height; y++)
        {
            var row = y * (width * 3 + 1);
            raw[row] = 0; // filter: none
            for (var x = 0; x < width; x++)
            {
                // A head (circle) and shoulders (half ellipse) in white on the ground colour.
                double dx = x - width / 2.0, headY = y - height * 0.38, shoulders = y - height * 1.0;
                var head = dx * dx + headY * headY < width * width * 0.04;
                var body = dx * dx / (width * width * 0.2) + shoulders * shoulders / (height * height * 0.2) < 1;
                var white = head || body;
                raw[row + 1 + x * 3] = white ? (byte)0xFF : r;
                raw[row + 2 + x * 3] = white ? (byte)0xFF : g;
                raw[row + 3 + x * 3] = white ? (byte)0xFF : b;
            }
        }
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw);
        }
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: truecolour
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(four, data.Length);
        png.Write(four);
        var typeAndData = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData, 4);
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(four, Crc32(typeAndData));
        png.Write(four);
    }

    private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return c;
    }).ToArray();

    private static uint Crc32(byte[] bytes)
    {
        var c = 0xFFFFFFFFu;
        foreach (var x in bytes)
        {
            c = Table[(c ^ x) & 0xFF] ^ (c >> 8);
        }
        return c ^ 0xFFFFFFFFu;
    }
}
