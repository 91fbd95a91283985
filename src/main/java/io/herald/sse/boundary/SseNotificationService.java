package io.herald.sse.boundary;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.platform.Json;
import io.herald.sse.entity.AlertSeverity;
import io.herald.sse.entity.CalendarAction;
import io.herald.sse.entity.ChatAction;
import io.herald.sse.entity.EmployeeAction;
import io.herald.sse.entity.LeaveAction;
import io.herald.sse.entity.NotificationAction;
import io.herald.sse.entity.NotificationPayload;
import io.herald.sse.entity.ProjectAction;
import io.herald.sse.entity.TaskAction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Ready-made notifications, the spec's {@code SSENotificationService}: one method per family, each
 * producing the family's event types with a {@link NotificationPayload} ({@code message},
 * {@code action}, {@code entity}). Everything goes through {@link SseService}, so it is delivered
 * after the caller's transaction commits. Entities are any value Jackson can write; when one has a
 * {@code title}, {@code name} or {@code subject}, the message quotes it.
 */
@ApplicationScoped
public class SseNotificationService {

    public static final String NOTIFICATION = "notification";
    public static final String SYSTEM_NOTIFICATION = "system_notification";
    public static final String DASHBOARD_UPDATE = "dashboard_update";
    public static final String ALERT = "alert";

    private static final List<String> NAME_FIELDS = List.of("title", "name", "subject");

    @Inject
    SseService sse;

    /** A general {@code notification} to one user. */
    public void sendNotification(String recipientId, String title, String message) {
        sendNotification(recipientId, title, message, null);
    }

    /** A general {@code notification} to one user, with data for the client. */
    public void sendNotification(String recipientId, String title, String message, Object data) {
        sse.sendToUser(recipientId, NOTIFICATION, new NotificationPayload(message, "notify", title, null, data));
    }

    /** {@code calendar_event_*} to the event's attendees. */
    public void sendCalendarEventNotification(Collection<String> recipientIds, Object calendarEvent, CalendarAction action) {
        sendEntityNotification(recipientIds, action, calendarEvent, null);
    }

    /** {@code employee_*}, e.g. to the HR manager who made the change. */
    public void sendEmployeeNotification(String recipientId, Object employee, EmployeeAction action) {
        sendEntityNotification(Collections.singletonList(recipientId), action, employee, null);
    }

    /** {@code leave_request_*}, e.g. to the employee whose request was decided. */
    public void sendLeaveNotification(String recipientId, Object leaveRequest, LeaveAction action) {
        sendEntityNotification(Collections.singletonList(recipientId), action, leaveRequest, null);
    }

    /** {@code chat_message}, {@code chat_typing}, {@code chat_read} to the other participants. */
    public void sendChatNotification(Collection<String> recipientIds, Object chat, ChatAction action) {
        sendEntityNotification(recipientIds, action, chat, null);
    }

    /** {@code task_*}, e.g. to the assignee. */
    public void sendTaskNotification(String recipientId, Object task, TaskAction action) {
        sendEntityNotification(Collections.singletonList(recipientId), action, task, null);
    }

    /** {@code project_*} to the project's members. */
    public void sendProjectNotification(Collection<String> memberIds, Object project, ProjectAction action) {
        sendEntityNotification(memberIds, action, project, null);
    }

    /**
     * Any family's event with a message of the caller's own; {@code message} null means the family's
     * default. The other methods are shorthands for this one.
     */
    public void sendEntityNotification(Collection<String> recipientIds, NotificationAction action, Object entity, String message) {
        Objects.requireNonNull(action, "action");
        String text = message != null ? message : action.message(nameOf(entity));
        sse.sendToUsers(recipientIds, action.eventType(), NotificationPayload.of(text, action, entity));
    }

    /** {@code system_notification} to everyone connected. */
    public void sendSystemNotification(String message, AlertSeverity severity) {
        sse.sendToAll(SYSTEM_NOTIFICATION, new NotificationPayload(message, "announce", null,
                Objects.requireNonNull(severity, "severity"), null));
    }

    /** {@code dashboard_update} with fresh figures for one user's dashboard. */
    public void sendDashboardUpdate(String recipientId, Object dashboardData) {
        sse.sendToUser(recipientId, DASHBOARD_UPDATE,
                new NotificationPayload("Dashboard data changed", "refresh", null, null, dashboardData));
    }

    /** {@code dashboard_update} for everyone's dashboard (shared figures). */
    public void sendDashboardUpdateToAll(Object dashboardData) {
        sse.sendToAll(DASHBOARD_UPDATE,
                new NotificationPayload("Dashboard data changed", "refresh", null, null, dashboardData));
    }

    /** An {@code alert} with a severity to the given users. */
    public void sendAlert(Collection<String> recipientIds, AlertSeverity severity, String message, Object details) {
        sse.sendToUsers(recipientIds, ALERT, new NotificationPayload(message, "alert", null,
                Objects.requireNonNull(severity, "severity"), details));
    }

    /** An {@code alert} with a severity to one user. */
    public void sendAlert(String recipientId, AlertSeverity severity, String message) {
        sendAlert(Collections.singletonList(recipientId), severity, message, null);
    }

    private static String nameOf(Object entity) {
        if (entity == null) {
            return null;
        }
        JsonNode tree = Json.mapper().valueToTree(entity);
        for (String field : NAME_FIELDS) {
            JsonNode value = tree.path(field);
            if (value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return null;
    }
}
