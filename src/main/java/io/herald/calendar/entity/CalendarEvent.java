package io.herald.calendar.entity;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** A calendar event: who organises it, who attends, when it runs, and whether its reminder went out. */
@Entity
@Table(name = "CALENDAR_EVENT")
@NamedQuery(name = CalendarEvent.VISIBLE_TO,
        query = "SELECT DISTINCT e FROM CalendarEvent e LEFT JOIN e.attendees a"
                + " WHERE (e.organizer = :user OR a = :user) AND e.endsAt > :from AND e.startsAt < :to ORDER BY e.startsAt, e.id")
@NamedQuery(name = CalendarEvent.DUE_FOR_REMINDER,
        query = "SELECT e FROM CalendarEvent e WHERE e.startsAt >= :now AND e.startsAt <= :until AND e.remindedAt IS NULL ORDER BY e.startsAt")
@NamedQuery(name = CalendarEvent.STARTING_BETWEEN,
        query = "SELECT e FROM CalendarEvent e WHERE e.startsAt >= :now AND e.startsAt <= :until ORDER BY e.startsAt")
public class CalendarEvent {

    public static final String VISIBLE_TO = "CalendarEvent.visibleTo";
    public static final String DUE_FOR_REMINDER = "CalendarEvent.dueForReminder";
    public static final String STARTING_BETWEEN = "CalendarEvent.startingBetween";
    public static final int TITLE_LENGTH = 200;
    public static final int DESCRIPTION_LENGTH = 4000;
    public static final int USER_ID_LENGTH = 128;

    // The schema is META-INF/sql/create.sql (H2 and PostgreSQL alike), so the sequence is declared there.
    @Id
    @SequenceGenerator(name = "CALENDAR_EVENT_SEQ", sequenceName = "CALENDAR_EVENT_SEQ", allocationSize = 20)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "CALENDAR_EVENT_SEQ")
    private Long id;

    @Version
    private long version;

    @Column(nullable = false, length = TITLE_LENGTH)
    private String title;

    @Column(length = DESCRIPTION_LENGTH)
    private String description;

    @Column(name = "START_AT", nullable = false)
    private Instant startsAt;

    @Column(name = "END_AT", nullable = false)
    private Instant endsAt;

    @Column(nullable = false, length = USER_ID_LENGTH)
    private String organizer;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "CALENDAR_EVENT_ATTENDEE", joinColumns = @JoinColumn(name = "EVENT_ID"))
    @Column(name = "USER_ID", nullable = false, length = USER_ID_LENGTH)
    private Set<String> attendees = new LinkedHashSet<>();

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant updatedAt;

    /** When the reminder went out; cleared when the event moves, so the new time is reminded too. */
    private Instant remindedAt;

    protected CalendarEvent() {
        // for Jakarta Persistence
    }

    public CalendarEvent(String organizer, Instant now) {
        this.organizer = organizer;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Takes the new details; a change of start or end re-arms the reminder. */
    public void apply(String title, String description, Instant start, Instant end, Set<String> attendees, Instant now) {
        if (!start.equals(startsAt) || !end.equals(endsAt)) {
            remindedAt = null;
        }
        this.title = title;
        this.description = description;
        this.startsAt = start;
        this.endsAt = end;
        this.attendees = new LinkedHashSet<>(attendees);
        this.updatedAt = now;
    }

    public void markReminded(Instant now) {
        remindedAt = now;
    }

    public Long id() {
        return id;
    }

    public long version() {
        return version;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public Instant start() {
        return startsAt;
    }

    public Instant end() {
        return endsAt;
    }

    public String organizer() {
        return organizer;
    }

    public Set<String> attendees() {
        return Set.copyOf(attendees);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant remindedAt() {
        return remindedAt;
    }

    public boolean isVisibleTo(String userId) {
        return organizer.equals(userId) || attendees.contains(userId);
    }
}
