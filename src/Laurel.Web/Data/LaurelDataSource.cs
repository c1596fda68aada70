using Npgsql;

namespace Laurel.Web.Data;

public static class LaurelDataSource
{
    /// <summary>
    /// The application's connections. JIT compilation is off: Laurel's queries are short OLTP reads, and PostgreSQL's
    /// cost threshold switches JIT on for a capped count over a broad filter, adding milliseconds to each one.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.Options = string.Join(' ', builder.ConnectionStringBuilder.Options, "-c jit=off").Trim();
        return builder.Build();
    }
}
