namespace Leaderboard.Domain.Predictions;

/// <summary>One exam's three predicted values, stored exactly as the submission wrote them.</summary>
public sealed record ExamPrediction(string CaseId, double Abnormal, double Acl, double Meniscus);
