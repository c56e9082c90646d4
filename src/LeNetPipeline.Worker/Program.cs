// Entry point: the whole program is WorkerProgram, which tests call as well.
return await LeNetPipeline.Worker.Hosting.WorkerProgram.RunAsync(args);
