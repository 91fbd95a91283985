package io.herald.calendar.entity;

import java.time.Instant;
import java.util.List;

/** A calendar event as clients see it, in responses and in the {@code entity} of notifications. */
public record CalendarEventView(Long id, String title, String description, Instant start, Instant end,
                                String organizer, List<String> attendees, long version,
                                Instant createdAt, Instant updatedAt) {

    public static CalendarEventView of(CalendarEvent event) {
        return new CalendarEventView(event.id(), event.title(), event.description(), event.start(), event.end(),
                event.organizer(), event.attendees().stream().sorted().toList(), event.version(),
                event.createdAt(), event.updatedAt());
    }
}
