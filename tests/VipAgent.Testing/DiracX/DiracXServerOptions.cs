namespace VipAgent.Testing.DiracX;

/// <summary>How the contract server behaves: identity, token lifetimes, how jobs progress.</summary>
public sealed record DiracXServerOptions
{
    /// <summary>The VO tokens are issued for.</summary>
    public string Vo { get; init; } = "biomed";

    /// <summary>The group tokens are issued for.</summary>
    public string Group { get; init; } = "biomed_user";

    /// <summary>The user every login maps to (<c>preferred_username</c>, the jobs' Owner).</summary>
    public string User { get; init; } = "vipuser";

    /// <summary>Access token lifetime (DiracX default 20 min).</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>Refresh token (session) lifetime (DiracX default 60 min).</summary>
    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>Time for token expiry and timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How often jobs move one step along the state machine; null: only when the test calls <see cref="DiracXServer.Advance"/>.</summary>
    public TimeSpan? TickInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Whether running jobs really run their executable from the unpacked input sandbox (else they just succeed).</summary>
    public bool RunExecutables { get; init; } = true;

    /// <summary>The grid sites jobs are matched to.</summary>
    public IReadOnlyList<string> Sites { get; init; } = ["LCG.CPPM.fr", "EGI.LPC.fr", "LCG.IN2P3-CC.fr"];

    /// <summary>DIRAC's MaxRescheduling: a job rescheduled more often fails.</summary>
    public int MaxRescheduling { get; init; } = 3;

    /// <summary>Where jobs run (a folder per job); null: a temporary folder removed on dispose.</summary>
    public string? WorkFolder { get; init; }
}
