package io.herald.calendar.entity;

/** What a reminder run did: how many events it reminded and how many distinct users it notified. */
public record ReminderResult(int events, int usersNotified) {
}
