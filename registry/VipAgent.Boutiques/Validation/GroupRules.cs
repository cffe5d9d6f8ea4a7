using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Validation;

/// <summary>bosh's validator checks on groups: members exist and are optional, and the group kinds do not contradict each other.</summary>
internal static class GroupRules
{
    public static void Check(BoutiquesDescriptor d, List<DescriptorProblem> problems)
    {
        for (var n = 0; n < d.Groups.Count; n++)
        {
            var group = d.Groups[n];
            var path = $"$.groups[{n}]";
            void Add(string message) => problems.Add(new DescriptorProblem(path, message));

            foreach (var member in group.Members.Where(m => d.FindInput(m) is null).Distinct())
            {
                Add($"Group '{group.Id}' has the member '{member}', which is not an input of this descriptor.");
            }

            foreach (var member in group.Members.GroupBy(m => m).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                Add($"Group '{group.Id}' lists the member '{member}' twice.");
            }

            var required = group.Members.Where(m => d.FindInput(m) is { Optional: false }).Distinct().ToList();
            if (group.MutuallyExclusive)
            {
                required.ForEach(m => Add($"Group '{group.Id}' is mutually-exclusive and cannot have a required member, such as '{m}'."));
                foreach (var a in group.Members)
                {
                    foreach (var b in (d.FindInput(a)?.RequiresInputs ?? []).Where(group.Members.Contains))
                    {
                        Add($"Group '{group.Id}' is mutually-exclusive and its members cannot require one another, such as '{a}' and '{b}'.");
                    }
                }
            }

            if (group.OneIsRequired)
            {
                required.ForEach(m => Add($"Group '{group.Id}' is one-is-required and contains the required member '{m}'."));
            }

            if (group.AllOrNone)
            {
                if (group.OneIsRequired || group.MutuallyExclusive)
                {
                    Add($"Group '{group.Id}' is all-or-none and cannot also be one-is-required or mutually-exclusive.");
                }

                required.ForEach(m => Add($"Group '{group.Id}' is all-or-none and contains the required member '{m}'."));
            }

            foreach (var other in d.Groups.Where(o => o.AllOrNone && !ReferenceEquals(o, group)))
            {
                if (group.MutuallyExclusive)
                {
                    var shared = group.Members.Intersect(other.Members).ToList();
                    for (var i = 0; i < shared.Count; i++)
                    {
                        for (var j = i + 1; j < shared.Count; j++)
                        {
                            Add($"The mutually-exclusive group '{group.Id}' and the all-or-none group '{other.Id}' cannot both contain the pair '{shared[i]}' and '{shared[j]}'.");
                        }
                    }
                }

                if (group.OneIsRequired && group.Members.Count > 0 && group.Members.All(other.Members.Contains))
                {
                    Add($"Group '{group.Id}' is one-is-required and cannot be a subset of the all-or-none group '{other.Id}'.");
                }
            }
        }
    }
}
