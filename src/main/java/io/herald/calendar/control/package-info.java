/** Storing calendar events and telling their attendees: the transactional work and the reminders. */
package io.herald.calendar.control;
