using System.Numerics;

namespace Leaderboard.Infrastructure.TestSets;

/// <summary>
/// One 256 x 256 slice painted in painter's order with flat-intensity shapes, in pixel
/// coordinates (x is the column, y the row, both from the top-left corner). Each shape
/// overwrites what lies under it, so a rim is drawn as a larger shape followed by a smaller one.
/// </summary>
internal sealed class SliceCanvas
{
    public const int Size = 256;

    private readonly float[] _pixels = new float[Size * Size];
    private readonly float[] _scratch = new float[Size * Size];

    public void Clear(float value) => Array.Fill(_pixels, value);

    /// <summary>Fills an axis-aligned ellipse; radii below half a pixel draw nothing.</summary>
    public void Ellipse(float cx, float cy, float rx, float ry, float value)
    {
        if (rx < 0.5f || ry < 0.5f)
        {
            return;
        }

        int top = Math.Max(0, (int)MathF.Ceiling(cy - ry));
        int bottom = Math.Min(Size - 1, (int)MathF.Floor(cy + ry));
        for (int y = top; y <= bottom; y++)
        {
            float dy = (y - cy) / ry;
            float halfWidth = rx * MathF.Sqrt(MathF.Max(0f, 1f - (dy * dy)));
            FillSpan(y, cx - halfWidth, cx + halfWidth, value);
        }
    }

    /// <summary>Fills an axis-aligned rectangle with corners (x0, y0) and (x1, y1).</summary>
    public void Rectangle(float x0, float y0, float x1, float y1, float value)
    {
        int top = Math.Max(0, (int)MathF.Ceiling(MathF.Min(y0, y1)));
        int bottom = Math.Min(Size - 1, (int)MathF.Floor(MathF.Max(y0, y1)));
        for (int y = top; y <= bottom; y++)
        {
            FillSpan(y, MathF.Min(x0, x1), MathF.Max(x0, x1), value);
        }
    }

    /// <summary>Fills every pixel within <paramref name="halfWidth"/> of the segment (x0, y0)–(x1, y1): a band with round ends.</summary>
    public void Band(float x0, float y0, float x1, float y1, float halfWidth, float value)
    {
        if (halfWidth <= 0f)
        {
            return;
        }

        int left = Math.Max(0, (int)MathF.Floor(MathF.Min(x0, x1) - halfWidth));
        int right = Math.Min(Size - 1, (int)MathF.Ceiling(MathF.Max(x0, x1) + halfWidth));
        int top = Math.Max(0, (int)MathF.Floor(MathF.Min(y0, y1) - halfWidth));
        int bottom = Math.Min(Size - 1, (int)MathF.Ceiling(MathF.Max(y0, y1) + halfWidth));

        float dx = x1 - x0;
        float dy = y1 - y0;
        float lengthSquared = MathF.Max((dx * dx) + (dy * dy), 1e-6f);
        float limit = halfWidth * halfWidth;
        for (int y = top; y <= bottom; y++)
        {
            for (int x = left; x <= right; x++)
            {
                float t = Math.Clamp((((x - x0) * dx) + ((y - y0) * dy)) / lengthSquared, 0f, 1f);
                float ex = x - (x0 + (t * dx));
                float ey = y - (y0 + (t * dy));
                if ((ex * ex) + (ey * ey) <= limit)
                {
                    _pixels[(y * Size) + x] = value;
                }
            }
        }
    }

    /// <summary>
    /// Softens the hard shape edges with one separable [1, 2, 1] / 4 pass, so boundaries span a
    /// few pixels as they do in a real scan. Border pixels repeat their neighbour.
    /// </summary>
    public void Blur()
    {
        // Vector<float> arithmetic keeps this fast in Debug builds too, where the JIT leaves
        // scalar loops unoptimised; the tests run against such a build.
        int width = Vector<float>.Count;
        var quarter = new Vector<float>(0.25f);
        for (int y = 0; y < Size; y++)
        {
            int row = y * Size;
            _scratch[row] = ((3f * _pixels[row]) + _pixels[row + 1]) * 0.25f;
            _scratch[row + Size - 1] = (_pixels[row + Size - 2] + (3f * _pixels[row + Size - 1])) * 0.25f;
            int x = 1;
            for (; x + width <= Size - 1; x += width)
            {
                var left = new Vector<float>(_pixels, row + x - 1);
                var centre = new Vector<float>(_pixels, row + x);
                var right = new Vector<float>(_pixels, row + x + 1);
                ((left + centre + centre + right) * quarter).CopyTo(_scratch, row + x);
            }

            for (; x < Size - 1; x++)
            {
                _scratch[row + x] = (_pixels[row + x - 1] + (2f * _pixels[row + x]) + _pixels[row + x + 1]) * 0.25f;
            }
        }

        for (int y = 0; y < Size; y++)
        {
            int up = Math.Max(y - 1, 0) * Size;
            int row = y * Size;
            int down = Math.Min(y + 1, Size - 1) * Size;
            for (int x = 0; x < Size; x += width)
            {
                var centre = new Vector<float>(_scratch, row + x);
                var sum = new Vector<float>(_scratch, up + x) + centre + centre + new Vector<float>(_scratch, down + x);
                (sum * quarter).CopyTo(_pixels, row + x);
            }
        }
    }

    /// <summary>
    /// Writes the slice after applying a gain, a smooth separable texture (a factor per column
    /// times a factor per row) and noise whose standard deviation grows with intensity. The
    /// values are not yet rounded or clamped. <paramref name="noise"/> contains one
    /// standard normal value per pixel.
    /// </summary>
    public void Render(
        Span<float> destination,
        float gain,
        float[] columnTexture,
        ReadOnlySpan<float> rowTexture,
        ReadOnlySpan<float> noise,
        float noiseFloor,
        float noiseSlope)
    {
        int width = Vector<float>.Count;
        var floor = new Vector<float>(noiseFloor);
        var slope = new Vector<float>(noiseSlope);
        for (int y = 0; y < Size; y++)
        {
            int row = y * Size;
            var rowFactor = new Vector<float>(gain * rowTexture[y]);
            for (int x = 0; x < Size; x += width)
            {
                var value = new Vector<float>(_pixels, row + x) * rowFactor * new Vector<float>(columnTexture, x);
                var sigma = floor + (slope * value);
                (value + (new Vector<float>(noise.Slice(row + x, width)) * sigma)).CopyTo(destination.Slice(row + x, width));
            }
        }
    }

    private void FillSpan(int y, float fromX, float toX, float value)
    {
        int left = Math.Max(0, (int)MathF.Ceiling(fromX));
        int right = Math.Min(Size - 1, (int)MathF.Floor(toX));
        if (left <= right)
        {
            _pixels.AsSpan((y * Size) + left, right - left + 1).Fill(value);
        }
    }
}
