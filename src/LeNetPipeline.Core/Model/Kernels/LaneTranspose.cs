// Moves values between the lane layout ([element][16 samples]) and sample-major rows ([sample][element]), and
// turns per-lane gradient sums into a group sum or one sample's gradient.
// Invariant: a group sum is acc = lane 0; acc += lane 1; ... up to count-1, never touching inactive lanes.
namespace LeNetPipeline.Model.Kernels;

internal static unsafe class LaneTranspose
{
    private const int L = LaneWorkspace.Lanes;

    /// <summary>rows[s * stride + e] = lanes[e * 16 + s] for every element e and all 16 lanes.</summary>
    public static void ToSampleMajor(float* lanes, int elements, float* rows, int stride)
    {
        for (int e = 0; e < elements; e++)
        {
            float* pixel = lanes + e * L;
            for (int s = 0; s < L; s++)
            {
                rows[s * stride + e] = pixel[s];
            }
        }
    }

    /// <summary>target[r] = ((lane_0 + lane_1) + ...) + lane_{count-1} of row r, for every row.</summary>
    public static void SumLanes(float* sums, int rows, int count, float* target)
    {
        for (int r = 0; r < rows; r++)
        {
            float* row = sums + r * L;
            float acc = row[0];
            for (int s = 1; s < count; s++)
            {
                acc += row[s];
            }
            target[r] = acc;
        }
    }

    /// <summary>target[r] = lane s of row r, for every row.</summary>
    public static void CopyLane(float* sums, int rows, int s, float* target)
    {
        for (int r = 0; r < rows; r++)
        {
            target[r] = sums[r * L + s];
        }
    }
}
