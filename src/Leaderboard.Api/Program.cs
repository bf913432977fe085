var app = WebApplication.CreateBuilder(args).Build();
app.Run();

// WebApplicationFactory<Program> in the integration tests needs this type to be public.
public partial class Program;
