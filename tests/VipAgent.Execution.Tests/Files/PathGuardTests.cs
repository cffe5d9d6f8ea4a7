using VipAgent.Execution.Files;

namespace VipAgent.Execution.Tests.Files;

public sealed class PathGuardTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("out/../../secret.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("~/.ssh/id_rsa")]
    [InlineData("a/./../..")]
    public void Refuses_a_path_that_leaves_the_job_folder_and_names_it(string path)
    {
        var job = Directory.CreateDirectory(_temp.Combine("job")).FullName;

        var refusal = Should.Throw<PathEscapeException>(() => PathGuard.Resolve(job, path));

        refusal.Path.ShouldBe(path);
        refusal.Message.ShouldContain($"'{path}'");
    }

    [Fact]
    public void Refuses_a_symbolic_link_that_points_out_of_the_job_folder()
    {
        var job = Directory.CreateDirectory(_temp.Combine("job")).FullName;
        Directory.CreateDirectory(_temp.Combine("outside"));
        File.CreateSymbolicLink(_temp.Combine("job", "escape"), _temp.Combine("outside"));

        var refusal = Should.Throw<PathEscapeException>(() => PathGuard.Resolve(job, "escape/stolen.txt"));

        refusal.Message.ShouldContain("'escape/stolen.txt'");
        refusal.Message.ShouldContain("symbolic link");
    }

    [Fact]
    public void Refuses_a_file_link_to_a_file_outside_even_when_the_link_is_the_last_segment()
    {
        var job = Directory.CreateDirectory(_temp.Combine("job")).FullName;
        var secret = _temp.Write("secret.txt", "s3cret");
        File.CreateSymbolicLink(_temp.Combine("job", "result.txt"), secret);

        Should.Throw<PathEscapeException>(() => PathGuard.Resolve(job, "result.txt"));
    }

    [Fact]
    public void Accepts_nested_paths_and_links_that_stay_inside()
    {
        var job = Directory.CreateDirectory(_temp.Combine("job")).FullName;
        Directory.CreateDirectory(_temp.Combine("job", "real"));
        File.CreateSymbolicLink(_temp.Combine("job", "alias"), _temp.Combine("job", "real"));

        PathGuard.Resolve(job, "out/sub/file.nii.gz").ShouldBe(Path.Combine(job, "out", "sub", "file.nii.gz"));
        PathGuard.Resolve(job, "./alias/x").ShouldBe(Path.Combine(job, "real", "x"));
    }

    public void Dispose() => _temp.Dispose();
}
