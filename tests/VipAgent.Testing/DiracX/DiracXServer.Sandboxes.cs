using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace VipAgent.Testing.DiracX;

/// <summary>
/// The sandbox store: SHA-256 content addressing, a presigned POST (signed policy, exact size, checksum, no bearer
/// token) standing in for S3, and presigned GET downloads limited to the owner's PFN prefix.
/// </summary>
public sealed partial class DiracXServer
{
    private const long MaxSandboxSize = 100L * 1024 * 1024;
    private readonly ConcurrentDictionary<string, byte[]> _sandboxes = new(StringComparer.Ordinal);
    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);
    private int _uploads;

    /// <summary>How many sandbox uploads the store accepted.</summary>
    public int SandboxUploads => Volatile.Read(ref _uploads);

    /// <summary>How many sandboxes the store holds.</summary>
    public int SandboxCount => _sandboxes.Count;

    private string Prefix(string user) => $"SB:SandboxSE|/S3/sandboxes/{Options.Vo}/{Options.Group}/{user}/";

    private bool SandboxBelongsTo(string pfn, string user) => pfn.StartsWith(Prefix(user), StringComparison.Ordinal);

    private bool HasSandbox(string pfn) => _sandboxes.ContainsKey(pfn);

    /// <summary>Stores a sandbox the server made (an output sandbox) and returns its PFN.</summary>
    private string StoreSandbox(string user, byte[] bytes)
    {
        var pfn = Prefix(user) + "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)) + ".tar.zst";
        _sandboxes[pfn] = bytes;
        return pfn;
    }

    private void MapSandboxes(WebApplication app)
    {
        app.MapPost("/api/jobs/sandbox", async context =>
        {
            if (!IsJson(context))
            {
                await Detail(context, 415, "The sandbox request is JSON (application/json)");
                return;
            }

            JsonElement body;
            try
            {
                body = (await JsonDocument.ParseAsync(context.Request.Body)).RootElement;
            }
            catch (JsonException)
            {
                await Detail(context, 422, "Body is not JSON");
                return;
            }

            var algorithm = body.TryGetProperty("checksum_algorithm", out var a) ? a.GetString() : null;
            var checksum = body.TryGetProperty("checksum", out var c) ? c.GetString() : null;
            var size = body.TryGetProperty("size", out var s) && s.TryGetInt64(out var n) ? n : 0;
            var format = body.TryGetProperty("format", out var f) ? f.GetString() : null;
            if (algorithm != "sha256" || checksum is null || !Regex.IsMatch(checksum, "^[0-9a-f]{64}$") || size < 1
                || format is not ("tar.zst" or "tar.bz2"))
            {
                await Detail(context, 422, "checksum_algorithm sha256, checksum (64 lower-case hex), size >= 1, format tar.zst|tar.bz2 are required");
                return;
            }

            if (size > MaxSandboxSize)
            {
                await Detail(context, 400, $"Sandbox too large. Max size is {MaxSandboxSize} bytes");
                return;
            }

            var pfn = Prefix(User(context)) + $"sha256:{checksum}.{format}";
            if (_sandboxes.ContainsKey(pfn))
            {
                await WriteAsync(context, 200, new { pfn, url = (string?)null, fields = new Dictionary<string, string>() });
                return;
            }

            var policy = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new
            {
                key = pfn,
                size,
                checksum,
                expires = Options.Time.GetUtcNow().AddSeconds(300).ToUnixTimeSeconds(),
            }));
            await WriteAsync(context, 200, new
            {
                pfn,
                url = new Uri(Url, "/s3/sandboxes").AbsoluteUri,
                fields = new Dictionary<string, string>
                {
                    ["key"] = pfn,
                    ["policy"] = policy,
                    ["x-amz-signature"] = Sign(policy),
                    ["x-amz-checksum-algorithm"] = "SHA256",
                    ["x-amz-checksum-sha256"] = Convert.ToBase64String(Convert.FromHexString(checksum)),
                },
            });
        });

        app.MapPost("/s3/sandboxes", async context =>
        {
            if (context.Request.Headers.Authorization.Count > 0)
            {
                await Detail(context, 400, "Presigned uploads must not carry an Authorization header");
                return;
            }

            if (!context.Request.HasFormContentType || !context.Request.ContentType!.StartsWith("multipart/form-data", StringComparison.Ordinal))
            {
                await Detail(context, 400, "Presigned uploads are multipart/form-data");
                return;
            }

            var form = await context.Request.ReadFormAsync();
            var policy = form["policy"].ToString();
            if (policy.Length == 0 || !CryptographicOperations.FixedTimeEquals(
                    Encoding.ASCII.GetBytes(form["x-amz-signature"].ToString()), Encoding.ASCII.GetBytes(Sign(policy))))
            {
                await Detail(context, 403, "SignatureDoesNotMatch");
                return;
            }

            using var terms = JsonDocument.Parse(Convert.FromBase64String(policy));
            var key = terms.RootElement.GetProperty("key").GetString()!;
            if (form["key"] != key || terms.RootElement.GetProperty("expires").GetInt64() < Options.Time.GetUtcNow().ToUnixTimeSeconds())
            {
                await Detail(context, 403, "AccessDenied: policy expired or key changed");
                return;
            }

            if (form.Files.GetFile("file") is not { } file)
            {
                await Detail(context, 400, "The 'file' part is missing");
                return;
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer);
            var bytes = buffer.ToArray();
            if (bytes.LongLength != terms.RootElement.GetProperty("size").GetInt64())
            {
                await Detail(context, 400, "EntityTooSmall/EntityTooLarge: content-length-range violated");
                return;
            }

            var checksum = terms.RootElement.GetProperty("checksum").GetString()!;
            if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != checksum
                || form["x-amz-checksum-sha256"] != Convert.ToBase64String(Convert.FromHexString(checksum)))
            {
                await Detail(context, 400, "BadDigest: the SHA-256 of the content does not match");
                return;
            }

            _sandboxes[key] = bytes;
            Interlocked.Increment(ref _uploads);
            context.Response.StatusCode = 204;
        });

        app.MapGet("/api/jobs/sandbox", async context =>
        {
            var pfn = context.Request.Query["pfn"].ToString();
            if (pfn.Length > 256 || !Regex.IsMatch(pfn, @"^(:?SB:[A-Za-z]+\|)?/S3/[a-z0-9\.\-]{3,63}(?:/[^/]+){3}/[a-z0-9]{3,10}:[0-9a-f]{64}\.[a-z0-9\.]+$"))
            {
                await Detail(context, 422, "Invalid PFN");
                return;
            }

            if (!SandboxBelongsTo(pfn, User(context)))
            {
                await Detail(context, 403, "You do not have access to this sandbox");
                return;
            }

            if (!_sandboxes.ContainsKey(pfn))
            {
                await Detail(context, 404, "No such sandbox");
                return;
            }

            var expires = Options.Time.GetUtcNow().AddSeconds(300).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(pfn)).Replace('+', '-').Replace('/', '_');
            var url = new Uri(Url, $"/s3/get?key={token}&expires={expires}&signature={Sign(token + expires)}").AbsoluteUri;
            await WriteAsync(context, 200, new { url, expires_in = 300 });
        });

        app.MapGet("/s3/get", async context =>
        {
            var token = context.Request.Query["key"].ToString();
            var expires = context.Request.Query["expires"].ToString();
            if (context.Request.Headers.Authorization.Count > 0 || context.Request.Query["signature"] != Sign(token + expires)
                || !long.TryParse(expires, CultureInfo.InvariantCulture, out var until) || until < Options.Time.GetUtcNow().ToUnixTimeSeconds())
            {
                await Detail(context, 403, "AccessDenied");
                return;
            }

            var pfn = Encoding.UTF8.GetString(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/')));
            if (!_sandboxes.TryGetValue(pfn, out var bytes))
            {
                await Detail(context, 404, "NoSuchKey");
                return;
            }

            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(bytes);
        });
    }

    private string Sign(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(_signingKey, Encoding.UTF8.GetBytes(text)));
}
