// Composes the generic host; the pipeline lives in the stages it wires.
Console.WriteLine("LeNetPipeline");
