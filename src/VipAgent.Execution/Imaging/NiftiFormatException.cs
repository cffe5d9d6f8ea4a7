namespace VipAgent.Execution.Imaging;

/// <summary>A file that is not a NIfTI-1 volume VipAgent can read, with what is wrong and what to do.</summary>
public sealed class NiftiFormatException : Exception
{
    public NiftiFormatException(string message)
        : base(message)
    {
    }

    public NiftiFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public NiftiFormatException()
    {
    }
}
