package io.herald.sse.entity;

/** {@code task_assigned}, {@code _updated}, {@code _completed}, {@code _deleted}. */
public enum TaskAction implements NotificationAction {
    ASSIGNED("Task%s was assigned to you"),
    UPDATED("Task%s was updated"),
    COMPLETED("Task%s was completed"),
    DELETED("Task%s was deleted");

    private final String messageTemplate;

    TaskAction(String messageTemplate) {
        this.messageTemplate = messageTemplate;
    }

    @Override
    public String typePrefix() {
        return "task_";
    }

    @Override
    public String messageTemplate() {
        return messageTemplate;
    }
}
