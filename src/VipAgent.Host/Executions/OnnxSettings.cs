using VipAgent.Execution.Onnx;
using VipAgent.Host.Cli;

namespace VipAgent.Host.Executions;

/// <summary>
/// The onnx backend's settings: <c>VipAgent:Onnx:Device</c> (<c>Auto</c>, <c>Cpu</c> or <c>Cuda</c>; default Auto)
/// and <c>VipAgent:Onnx:MaxBatch</c> (jobs of one model run in one inference call, 1 to 64; default 4 on CUDA and
/// 1 on the CPU, where batching measured slower). A value
/// that is not one of those is an input error (exit 2) that names the setting, never a silent default.
/// </summary>
internal static class OnnxSettings
{
    private const string Section = "VipAgent:Onnx";

    public static OnnxBackendOptions Options(HostSettings settings)
    {
        var section = settings.Configuration.GetSection(Section);
        var device = OnnxDevicePreference.Auto;
        if (section["Device"] is { } deviceText && !string.IsNullOrWhiteSpace(deviceText)
            && (!Enum.TryParse(deviceText.Trim(), ignoreCase: true, out device) || !Enum.IsDefined(device)))
        {
            throw VipException.InvalidInput("VIP5008", $"{Section}:Device '{deviceText}' is not Auto, Cpu or Cuda.");
        }

        int? maxBatch = null;
        if (section["MaxBatch"] is { } batchText && !string.IsNullOrWhiteSpace(batchText))
        {
            maxBatch = int.TryParse(batchText.Trim(), out var parsed) && parsed is >= 1 and <= 64
                ? parsed
                : throw VipException.InvalidInput("VIP5008", $"{Section}:MaxBatch '{batchText}' must be a whole number from 1 (no batching) to 64.");
        }

        return new OnnxBackendOptions { Device = device, MaxBatch = maxBatch, Log = line => Console.Error.WriteLine(line) };
    }
}
