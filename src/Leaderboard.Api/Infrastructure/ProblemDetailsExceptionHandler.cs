using Microsoft.AspNetCore.Diagnostics;

namespace Leaderboard.Api.Infrastructure;

/// <summary>
/// Maps the exceptions a client can cause to RFC 9457 problem responses; anything else is a
/// 500 whose details stay in the log.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, "Upload too large", "The request body is larger than this phase allows."),
            BadHttpRequestException bad =>
                (bad.StatusCode, "Bad request", bad.Message),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested =>
                (499, "Client closed request", "The client closed the connection before the request finished."),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error", "The server failed to process the request; the error is logged."),
        };

        if (status >= 500)
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path);
        }

        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
