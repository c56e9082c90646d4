// What a run trains: the data loader and the span of epochs. The loader is the caller's (it knows the data
// settings and the fetch chain); the pipeline only awaits it, so the data's path stays below this folder.
using LeNetPipeline.Data;

namespace LeNetPipeline.Worker.Pipeline;

/// <summary>What a run trains: the data loader and the span of epochs, from (FirstEpoch, FirstBatch) to LastEpoch.</summary>
internal sealed record RunPlan(
    Func<CancellationToken, Task<(LabelledImages Train, LabelledImages Test)>> LoadData,
    int FirstEpoch,
    int FirstBatch,
    int LastEpoch);
