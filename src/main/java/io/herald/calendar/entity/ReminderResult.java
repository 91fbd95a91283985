package io.herald.calendar.entity;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a reminder run did: how many events it reminded and how many distinct users it notified. */
public record ReminderResult(@Schema(description = "Events reminded") int events,
                             @Schema(description = "Distinct users notified") int usersNotified) {
}
