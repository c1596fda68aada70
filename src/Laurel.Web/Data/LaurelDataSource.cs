using Npgsql;

namespace Laurel.Web.Data;

public static class LaurelDataSource
{
    /// <summary>
    /// The application's connections. JIT compilation is off: Laurel's queries are short OLTP reads, and PostgreSQL's
    /// cost threshold switches JIT on for a capped count over a broad filter, adding milliseconds to each one.
    /// No reset on close: EF Core returns the connection to the pool after every query, and Laurel sets no session
    /// state, so the DISCARD ALL that Npgsql would otherwise send on each reuse is pure cost.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.Options = string.Join(' ', builder.ConnectionStringBuilder.Options, "-c jit=off").Trim();
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        return builder.Build();
    }
}
