// Benchmarks entry point: BenchmarkDotNet micro-benchmarks of the layer kernels (`-- --filter *`).
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
