package io.herald.calendar.entity;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A calendar event as clients see it, in responses and in the {@code entity} of notifications. */
public record CalendarEventView(@Schema(description = "The event's id") Long id,
                                @Schema(description = "Up to 200 characters") String title,
                                @Schema(description = "Absent when there is none") String description,
                                @Schema(description = "ISO-8601 instant") Instant start,
                                @Schema(description = "ISO-8601 instant, after start") Instant end,
                                @Schema(description = "The user who created it; only they change it") String organizer,
                                @Schema(description = "User ids, sorted") List<String> attendees,
                                @Schema(description = "Increases with each change") long version,
                                @Schema(description = "When it was created") Instant createdAt,
                                @Schema(description = "When it last changed") Instant updatedAt) {

    public static CalendarEventView of(CalendarEvent event) {
        return new CalendarEventView(event.id(), event.title(), event.description(), event.start(), event.end(),
                event.organizer(), event.attendees().stream().sorted().toList(), event.version(),
                event.createdAt(), event.updatedAt());
    }
}
