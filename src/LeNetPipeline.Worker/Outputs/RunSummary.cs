// summary.json: the run's result in the field names the outside contract promises (docs/architecture.md); extend, never rename.
using System.Text.Json.Serialization;

namespace LeNetPipeline.Worker.Outputs;

public sealed record RunSummary
{
    [JsonPropertyName("dataset")] public required string Dataset { get; init; }
    [JsonPropertyName("epochs")] public required int Epochs { get; init; }
    [JsonPropertyName("train_samples")] public required int TrainSamples { get; init; }
    [JsonPropertyName("test_samples")] public required int TestSamples { get; init; }
    [JsonPropertyName("final_train_loss")] public double? FinalTrainLoss { get; init; }
    [JsonPropertyName("final_train_accuracy")] public double? FinalTrainAccuracy { get; init; }
    [JsonPropertyName("final_test_loss")] public double? FinalTestLoss { get; init; }
    [JsonPropertyName("final_test_accuracy")] public double? FinalTestAccuracy { get; init; }
    [JsonPropertyName("train_seconds")] public required double TrainSeconds { get; init; }
    [JsonPropertyName("train_samples_per_second")] public required double TrainSamplesPerSecond { get; init; }
    [JsonPropertyName("evaluate_samples_per_second")] public double? EvaluateSamplesPerSecond { get; init; }
    [JsonPropertyName("peak_resident_mb")] public double? PeakResidentMegabytes { get; init; }
    [JsonPropertyName("compute_parallelism")] public required int ComputeParallelism { get; init; }
    [JsonPropertyName("slice_size")] public required int SliceSize { get; init; }
    [JsonPropertyName("bounded_capacity")] public required int BoundedCapacity { get; init; }
    [JsonPropertyName("batch_size")] public required int BatchSize { get; init; }
    [JsonPropertyName("learning_rate")] public required double LearningRate { get; init; }
    [JsonPropertyName("momentum")] public required double Momentum { get; init; }
    [JsonPropertyName("weight_decay")] public required double WeightDecay { get; init; }
    [JsonPropertyName("max_shift")] public required int MaxShift { get; init; }
    [JsonPropertyName("seed")] public required ulong Seed { get; init; }
    [JsonPropertyName("weights_sha256")] public required string WeightsSha256 { get; init; }
    [JsonPropertyName("resumed_from")] public string? ResumedFrom { get; init; }
}
