package io.herald.sse.entity;

/** {@code calendar_event_created}, {@code _updated}, {@code _deleted}, {@code _reminder}. */
public enum CalendarAction implements NotificationAction {
    CREATED("Calendar event%s was created"),
    UPDATED("Calendar event%s was updated"),
    DELETED("Calendar event%s was cancelled"),
    REMINDER("Calendar event%s starts soon");

    private final String messageTemplate;

    CalendarAction(String messageTemplate) {
        this.messageTemplate = messageTemplate;
    }

    @Override
    public String typePrefix() {
        return "calendar_event_";
    }

    @Override
    public String messageTemplate() {
        return messageTemplate;
    }
}
