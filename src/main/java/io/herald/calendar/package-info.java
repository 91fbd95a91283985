/**
 * The calendar module, the spec's integration example made real: calendar events stored with Jakarta
 * Persistence, whose attendees hear of every change through Herald after the change commits.
 */
package io.herald.calendar;
