namespace Provisioner.LocalCloud.Faults;

/// <summary>The faults waiting to be applied; the first matching one with calls left wins.</summary>
public sealed class FaultSet
{
    private readonly Lock _gate = new();
    private readonly List<Fault> _faults = [];

    public Fault Add(Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            _faults.Add(fault);
        }
        return fault;
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    public IReadOnlyList<Fault> Pending
    {
        get
        {
            lock (_gate)
            {
                return [.. _faults.Where(f => f.Remaining > 0)];
            }
        }
    }

    internal Fault? TryTake(string service, string action)
    {
        lock (_gate)
        {
            foreach (var fault in _faults)
            {
                if (fault.Matches(service, action) && fault.TryConsume())
                {
                    return fault;
                }
            }
            _faults.RemoveAll(f => f.Remaining <= 0);
            return null;
        }
    }
}
