// Invalid or missing input: data files, weights files or checkpoints. The worker maps it to exit code 3.
// Its message is one line that names the file (and array, where there is one) and the problem.
namespace LeNetPipeline;

public sealed class InvalidInputException : Exception
{
    public InvalidInputException(string message)
        : base(message)
    {
    }

    public InvalidInputException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
