package io.herald.sse.entity;

/** {@code project_created}, {@code _updated}, {@code _completed}, {@code _deleted}, {@code _member_added}, {@code _member_removed}. */
public enum ProjectAction implements NotificationAction {
    CREATED("Project%s was created"),
    UPDATED("Project%s was updated"),
    COMPLETED("Project%s was completed"),
    DELETED("Project%s was deleted"),
    MEMBER_ADDED("You were added to project%s"),
    MEMBER_REMOVED("You were removed from project%s");

    private final String messageTemplate;

    ProjectAction(String messageTemplate) {
        this.messageTemplate = messageTemplate;
    }

    @Override
    public String typePrefix() {
        return "project_";
    }

    @Override
    public String messageTemplate() {
        return messageTemplate;
    }
}
