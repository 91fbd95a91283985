/** The stored calendar event, and the shapes it takes on the wire. */
package io.herald.calendar.entity;
