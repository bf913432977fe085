using System.Runtime.CompilerServices;

// The sandbox tests check the container spec and the output-folder reader directly, without an engine.
[assembly: InternalsVisibleTo("Leaderboard.Sandbox.Tests")]
