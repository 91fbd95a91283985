package io.herald.sse.entity;

/** {@code leave_request_created}, {@code _approved}, {@code _rejected}, {@code _cancelled}. */
public enum LeaveAction implements NotificationAction {
    CREATED("Leave request%s was submitted"),
    APPROVED("Leave request%s was approved"),
    REJECTED("Leave request%s was rejected"),
    CANCELLED("Leave request%s was cancelled");

    private final String messageTemplate;

    LeaveAction(String messageTemplate) {
        this.messageTemplate = messageTemplate;
    }

    @Override
    public String typePrefix() {
        return "leave_request_";
    }

    @Override
    public String messageTemplate() {
        return messageTemplate;
    }
}
