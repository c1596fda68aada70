using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Laurel.Web.Features.Calendar;

public static class CalendarApi
{
    public static void MapCalendarApi(this RouteGroupBuilder api)
    {
        var calendar = api.MapGroup("/calendar");
        // Query values as text, so that a bad date or number answers 422 naming the field rather than the framework's 400.
        calendar.MapGet("/window", async (string? opensOn, string? workingDays, CalendarCommands commands) =>
            (await commands.WindowAsync(opensOn, workingDays)).ToApi(Results.Ok));
        calendar.MapGet("/days", async (string? year, CalendarCommands commands, WorkingCalendarStore store) =>
        {
            var errors = new FieldErrors();
            if (commands.Year(year, errors) is not { } y)
            {
                return Outcome<object>.Invalid(errors).ToApi(Results.Ok);
            }
            var calendar = await store.LoadAsync();
            var rows = await store.YearAsync(y);
            return Results.Ok(new
            {
                year = y,
                hasTable = calendar.HasYear(y),
                items = rows.Select(r => new { day = Show.Date(r.Day), r.Kind, r.Name, r.Source, r.Reason }),
            });
        });
        calendar.MapPut("/days/{date}", async (string date, CalendarDayInput input, CalendarCommands commands) =>
            (await commands.SetAsync(date, input)).ToApi(Results.Ok));
        calendar.MapDelete("/days/{date}", async (string date, [FromBody] CalendarRemoveInput input, CalendarCommands commands) =>
            (await commands.RemoveAsync(date, input)).ToApi(Results.Ok));
    }
}
