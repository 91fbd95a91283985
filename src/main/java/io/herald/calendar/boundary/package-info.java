/** The calendar's REST resources and the reminder timer. */
package io.herald.calendar.boundary;
