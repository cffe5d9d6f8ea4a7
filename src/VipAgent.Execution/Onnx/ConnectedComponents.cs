namespace VipAgent.Execution.Onnx;

/// <summary>6-connected components of each non-zero label of a label map.</summary>
public static class ConnectedComponents
{
    /// <summary>
    /// Sets to 0 the components of each label smaller than <paramref name="minimumSize"/> voxels and, with
    /// <paramref name="largestOnly"/>, every component of a label but its largest (ties: the first found).
    /// </summary>
    public static void Filter(float[] labels, VolumeGrid grid, bool largestOnly, int minimumSize)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var component = new int[labels.Length];
        var sizes = new List<int> { 0 };
        var labelOf = new List<float> { 0 };
        var queue = new Queue<int>();
        for (var seed = 0; seed < labels.Length; seed++)
        {
            if (labels[seed] == 0 || component[seed] != 0)
            {
                continue;
            }

            var id = sizes.Count;
            var size = 0;
            component[seed] = id;
            queue.Enqueue(seed);
            while (queue.TryDequeue(out var at))
            {
                size++;
                foreach (var next in Neighbours(at, grid))
                {
                    if (component[next] == 0 && labels[next] == labels[seed])
                    {
                        component[next] = id;
                        queue.Enqueue(next);
                    }
                }
            }

            sizes.Add(size);
            labelOf.Add(labels[seed]);
        }

        var keep = new bool[sizes.Count];
        for (var id = 1; id < sizes.Count; id++)
        {
            keep[id] = sizes[id] >= minimumSize;
        }

        if (largestOnly)
        {
            foreach (var group in Enumerable.Range(1, sizes.Count - 1).GroupBy(id => labelOf[id]))
            {
                var largest = group.MaxBy(id => sizes[id]);
                foreach (var id in group.Where(id => id != largest))
                {
                    keep[id] = false;
                }
            }
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if (component[i] != 0 && !keep[component[i]])
            {
                labels[i] = 0;
            }
        }
    }

    private static IEnumerable<int> Neighbours(int at, VolumeGrid grid)
    {
        var x = at % grid.X;
        var y = at / grid.X % grid.Y;
        var z = at / (grid.X * grid.Y);
        var plane = grid.X * grid.Y;
        if (x > 0) { yield return at - 1; }
        if (x < grid.X - 1) { yield return at + 1; }
        if (y > 0) { yield return at - grid.X; }
        if (y < grid.Y - 1) { yield return at + grid.X; }
        if (z > 0) { yield return at - plane; }
        if (z < grid.Z - 1) { yield return at + plane; }
    }
}
