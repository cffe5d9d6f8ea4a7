using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Exceptions;
using Npgsql;

namespace VipAgent.Registry.Chain;

/// <summary>A stream as read for writing: its events, version and head link; appends chained events to it.</summary>
internal sealed class ChainedStream
{
    private ChainedStream(string key, IReadOnlyList<IEvent> events)
    {
        Key = key;
        Events = events;
        Version = events.Count == 0 ? 0 : events[^1].Version;
        Head = events.Count == 0 ? null : events[^1].GetHeader(EventChain.Header)?.ToString();
    }

    public string Key { get; }

    public IReadOnlyList<IEvent> Events { get; }

    public long Version { get; }

    public string? Head { get; }

    /// <summary>A stream known to be new (bulk loads): nothing to read first; a collision still fails on save.</summary>
    public static ChainedStream New(string key) => new(key, []);

    public static async Task<ChainedStream> LoadAsync(IDocumentSession session, string key, CancellationToken ct) =>
        new(key, await session.Events.FetchStreamAsync(key, token: ct));

    public TState? Fold<TState>(Func<TState?, object, TState?> evolve)
        where TState : class =>
        Events.Aggregate(default(TState), (state, e) => evolve(state, e.Data));

    /// <summary>Queues <paramref name="events"/> after the version read, each carrying its chain link.</summary>
    public void Append(IDocumentSession session, string genesis, IReadOnlyList<object> events)
    {
        var previous = Head ?? genesis;
        var version = Version;
        var built = new IEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            version++;
            var data = events[i];
            previous = EventChain.Link(previous, Key, version, RegistryEvents.NameOf(data.GetType()), EventChain.Canonical(data));
            built[i] = session.Events.BuildEvent(data);
            built[i].SetHeader(EventChain.Header, previous);
        }

        session.Events.Append(Key, version, built);
    }

    /// <summary>Saves, turning every way Marten reports a lost race into one retryable <see cref="RegistryConcurrencyException"/>.</summary>
    public async Task SaveAsync(IDocumentSession session, CancellationToken ct)
    {
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (IsLostRace(ex))
        {
            throw new RegistryConcurrencyException(Key, Version, ex);
        }
    }

    private static bool IsLostRace(Exception ex) => ex switch
    {
        EventStreamUnexpectedMaxEventIdException or ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        _ => ex.InnerException is not null && IsLostRace(ex.InnerException),
    };
}
