package io.herald.sse.entity;

/** {@code employee_created}, {@code _updated}, {@code _deleted}. */
public enum EmployeeAction implements NotificationAction {
    CREATED("Employee%s was added"),
    UPDATED("Employee%s was updated"),
    DELETED("Employee%s was removed");

    private final String messageTemplate;

    EmployeeAction(String messageTemplate) {
        this.messageTemplate = messageTemplate;
    }

    @Override
    public String typePrefix() {
        return "employee_";
    }

    @Override
    public String messageTemplate() {
        return messageTemplate;
    }
}
