namespace VipAgent.Tools.Access;

/// <summary>What an API key (or the local user of `vip mcp`) may do.</summary>
public enum CallerRole
{
    /// <summary>Plans, approves, submits, reads and cancels their own executions only.</summary>
    Researcher,

    /// <summary>Reads and verifies every execution; changes nothing.</summary>
    Auditor,

    /// <summary>Reads and changes everything.</summary>
    Admin,
}
