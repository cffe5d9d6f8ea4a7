namespace VipAgent.Planner.Retrieval;

/// <summary>
/// A scorer whose scores already sit on an absolute scale from 0 (unrelated) to about 1 (a close match):
/// <see cref="ApplicationRetriever"/> adds them as they are instead of dividing by the best one, so that a goal
/// nothing fits keeps a low score and can be refused.
/// </summary>
public interface ICalibratedScorer : IApplicationScorer;
