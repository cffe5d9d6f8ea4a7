using System.Security.Cryptography;
using System.Text;
using VipAgent.Execution.Files;

namespace VipAgent.Execution.Tests.Files;

public sealed class ContentStoreTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task Put_returns_the_sha256_of_the_content_and_keeps_one_copy_per_content()
    {
        var store = new ContentStore(_temp.Combine("store"));
        var first = _temp.Write("a.txt", "brain volume");
        var second = _temp.Write("b.txt", "brain volume");

        var hash = await store.PutAsync(first, TestContext.Current.CancellationToken);
        var again = await store.PutAsync(second, TestContext.Current.CancellationToken);

        hash.ShouldBe(Sha256("brain volume"));
        again.ShouldBe(hash);
        File.ReadAllText(store.PathOf(hash)).ShouldBe("brain volume");
        Directory.EnumerateFiles(store.Root, "*", SearchOption.AllDirectories).Count().ShouldBe(1);
    }

    [Fact]
    public async Task Stages_an_input_into_the_job_folder_under_its_relative_path()
    {
        var store = new ContentStore(_temp.Combine("store"));
        var hash = await store.PutAsync(_temp.Write("t1.nii", "voxels"), TestContext.Current.CancellationToken);
        var job = _temp.Combine("job");

        var staged = await store.StageAsync(hash, job, "inputs/t1.nii", TestContext.Current.CancellationToken);

        staged.ShouldBe(Path.Combine(job, "inputs", "t1.nii"));
        File.ReadAllText(staged).ShouldBe("voxels");
    }

    [Fact]
    public async Task Refuses_to_stage_an_input_outside_the_job_folder()
    {
        var store = new ContentStore(_temp.Combine("store"));
        var hash = await store.PutAsync(_temp.Write("t1.nii", "voxels"), TestContext.Current.CancellationToken);

        var refusal = await Should.ThrowAsync<PathEscapeException>(() =>
            store.StageAsync(hash, _temp.Combine("job"), "../../evil.nii", TestContext.Current.CancellationToken));

        refusal.Message.ShouldContain("'../../evil.nii'");
        File.Exists(_temp.Combine("evil.nii")).ShouldBeFalse();
    }

    [Fact]
    public async Task Collects_output_files_and_folders_with_hash_and_size_and_lists_the_missing_ones()
    {
        var store = new ContentStore(_temp.Combine("store"));
        var job = _temp.Combine("job");
        _temp.Write("job/mask.nii", "mask");
        _temp.Write("job/stats/a.csv", "1,2");
        _temp.Write("job/stats/deep/b.csv", "3,4,5");
        var handle = new SubmittedJob("j1", "local-1", job, ["mask.nii", "stats", "absent.nii"]);

        var collected = await store.CollectAsync(handle, "out", "err", TestContext.Current.CancellationToken);

        collected.Files.ShouldBe(
        [
            new CollectedOutput("mask.nii", Sha256("mask"), 4),
            new CollectedOutput("stats/a.csv", Sha256("1,2"), 3),
            new CollectedOutput("stats/deep/b.csv", Sha256("3,4,5"), 5),
        ]);
        collected.Missing.ShouldBe(["absent.nii"]);
        collected.Files.ShouldAllBe(f => File.Exists(store.PathOf(f.Sha256)));
    }

    [Fact]
    public async Task Refuses_to_collect_an_output_that_is_a_link_to_a_file_outside_the_job()
    {
        var store = new ContentStore(_temp.Combine("store"));
        var job = Directory.CreateDirectory(_temp.Combine("job")).FullName;
        File.CreateSymbolicLink(Path.Combine(job, "result.txt"), _temp.Write("host-secret", "secret"));
        var handle = new SubmittedJob("j1", "local-1", job, ["result.txt"]);

        await Should.ThrowAsync<PathEscapeException>(() => store.CollectAsync(handle, "out", "err", TestContext.Current.CancellationToken));
    }

    public void Dispose() => _temp.Dispose();
}
