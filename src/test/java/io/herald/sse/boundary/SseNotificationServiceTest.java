package io.herald.sse.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.platform.Json;
import io.herald.sse.entity.AlertSeverity;
import io.herald.sse.entity.CalendarAction;
import io.herald.sse.entity.ChatAction;
import io.herald.sse.entity.EmployeeAction;
import io.herald.sse.entity.LeaveAction;
import io.herald.sse.entity.NotificationAction;
import io.herald.sse.entity.ProjectAction;
import io.herald.sse.entity.TaskAction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each family's event types and payload shape, as the wire will carry them. */
class SseNotificationServiceTest {

    /** What SseNotificationService asked the core to send. */
    record Sent(Collection<String> to, String type, JsonNode data) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private SseNotificationService notifications;

    @BeforeEach
    void setUp() {
        notifications = new SseNotificationService();
        notifications.sse = new SseService() {
            @Override
            public void sendToUser(String userId, String type, Object data) {
                sendToUsers(java.util.Collections.singletonList(userId), type, data);
            }

            @Override
            public void sendToUsers(Collection<String> userIds, String type, Object data) {
                io.herald.sse.entity.Audience.users(userIds); // the core's own check
                io.herald.sse.entity.EventTypes.requirePublishable(type);
                sent.add(new Sent(List.copyOf(userIds), type, Json.mapper().valueToTree(data)));
            }

            @Override
            public void sendToAll(String type, Object data) {
                sent.add(new Sent(null, type, Json.mapper().valueToTree(data)));
            }
        };
    }

    private Sent last() {
        return sent.get(sent.size() - 1);
    }

    private static void assertPayload(JsonNode data, String action, String message) {
        assertEquals(message, data.path("message").asText());
        assertEquals(action, data.path("action").asText());
    }

    record Meeting(String title, String room) {
    }

    record Person(String name, String department) {
    }

    @Test
    void calendarFamily() {
        Meeting standup = new Meeting("Standup", "A1");
        for (CalendarAction action : CalendarAction.values()) {
            notifications.sendCalendarEventNotification(List.of("bob", "carol"), standup, action);
            assertEquals("calendar_event_" + action.name().toLowerCase(), last().type());
            assertEquals(List.of("bob", "carol"), last().to());
            assertEquals("Standup", last().data().path("entity").path("title").asText());
        }
        assertEquals(List.of("calendar_event_created", "calendar_event_updated", "calendar_event_deleted",
                "calendar_event_reminder"), sent.stream().map(Sent::type).toList());
        assertPayload(sent.get(0).data(), "created", "Calendar event 'Standup' was created");
        assertPayload(sent.get(3).data(), "reminder", "Calendar event 'Standup' starts soon");
    }

    @Test
    void employeeFamily() {
        notifications.sendEmployeeNotification("hr-1", new Person("Ada", "R&D"), EmployeeAction.CREATED);
        assertEquals("employee_created", last().type());
        assertEquals(List.of("hr-1"), last().to());
        assertPayload(last().data(), "created", "Employee 'Ada' was added");
        assertEquals("R&D", last().data().path("entity").path("department").asText());
        assertTypes(EmployeeAction.values(), "employee_created", "employee_updated", "employee_deleted");
    }

    @Test
    void leaveFamily() {
        notifications.sendLeaveNotification("emp-7", Map.of("id", 12, "days", 3), LeaveAction.APPROVED);
        assertEquals("leave_request_approved", last().type());
        assertPayload(last().data(), "approved", "Leave request was approved");
        assertEquals(3, last().data().path("entity").path("days").asInt());
        assertTypes(LeaveAction.values(), "leave_request_created", "leave_request_approved",
                "leave_request_rejected", "leave_request_cancelled");
    }

    @Test
    void chatFamily() {
        notifications.sendChatNotification(Set.of("bob"), Map.of("text", "hi", "from", "alice"), ChatAction.MESSAGE);
        assertEquals("chat_message", last().type());
        assertPayload(last().data(), "message", "New chat message");
        assertTypes(ChatAction.values(), "chat_message", "chat_typing", "chat_read");
    }

    @Test
    void taskFamily() {
        notifications.sendTaskNotification("dev-3", Map.of("title", "Fix login"), TaskAction.COMPLETED);
        assertEquals("task_completed", last().type());
        assertPayload(last().data(), "completed", "Task 'Fix login' was completed");
        assertTypes(TaskAction.values(), "task_assigned", "task_updated", "task_completed", "task_deleted");
    }

    @Test
    void projectFamily() {
        notifications.sendProjectNotification(List.of("a", "b"), Map.of("name", "Apollo"), ProjectAction.MEMBER_ADDED);
        assertEquals("project_member_added", last().type());
        assertPayload(last().data(), "member_added", "You were added to project 'Apollo'");
        assertTypes(ProjectAction.values(), "project_created", "project_updated", "project_completed",
                "project_deleted", "project_member_added", "project_member_removed");
    }

    @Test
    void generalNotification() {
        notifications.sendNotification("alice", "Welcome", "Your account is ready", Map.of("plan", "pro"));
        assertEquals("notification", last().type());
        assertPayload(last().data(), "notify", "Your account is ready");
        assertEquals("Welcome", last().data().path("title").asText());
        assertEquals("pro", last().data().path("entity").path("plan").asText());
        assertFalse(last().data().has("severity"));
    }

    @Test
    void systemNotificationGoesToEveryoneWithASeverity() {
        notifications.sendSystemNotification("Maintenance at 02:00", AlertSeverity.WARNING);
        assertNull(last().to(), "to everyone");
        assertEquals("system_notification", last().type());
        assertPayload(last().data(), "announce", "Maintenance at 02:00");
        assertEquals("warning", last().data().path("severity").asText());
    }

    @Test
    void dashboardUpdates() {
        notifications.sendDashboardUpdate("alice", Map.of("openTasks", 4));
        assertEquals("dashboard_update", last().type());
        assertEquals(List.of("alice"), last().to());
        assertPayload(last().data(), "refresh", "Dashboard data changed");
        assertEquals(4, last().data().path("entity").path("openTasks").asInt());
        notifications.sendDashboardUpdateToAll(Map.of("headcount", 120));
        assertNull(last().to());
    }

    @Test
    void alertsCarryASeverity() {
        notifications.sendAlert("ops", AlertSeverity.CRITICAL, "Disk almost full");
        assertEquals("alert", last().type());
        assertPayload(last().data(), "alert", "Disk almost full");
        assertEquals("critical", last().data().path("severity").asText());
        assertThrows(NullPointerException.class, () -> notifications.sendAlert("ops", null, "x"));
    }

    @Test
    void aCustomMessageReplacesTheDefault() {
        notifications.sendEntityNotification(List.of("bob"), TaskAction.ASSIGNED, Map.of("title", "T"), "Alice needs you on T");
        assertPayload(last().data(), "assigned", "Alice needs you on T");
    }

    @Test
    void badRecipientsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> notifications.sendEmployeeNotification(null, new Person("x", "y"), EmployeeAction.CREATED));
        assertThrows(IllegalArgumentException.class,
                () -> notifications.sendProjectNotification(List.of(), Map.of(), ProjectAction.CREATED));
        assertThrows(IllegalArgumentException.class, () -> notifications.sendNotification("alice", null, " "));
    }

    @Test
    void everyPayloadHasMessageActionAndOnlyKnownFields() {
        notifications.sendTaskNotification("x", Map.of("title", "T"), TaskAction.ASSIGNED);
        notifications.sendAlert("x", AlertSeverity.INFO, "m");
        notifications.sendNotification("x", "t", "m");
        Set<String> allowed = Set.of("message", "action", "title", "severity", "entity");
        for (Sent one : sent) {
            assertTrue(one.data().has("message") && one.data().has("action"), one.data().toString());
            one.data().fieldNames().forEachRemaining(field -> assertTrue(allowed.contains(field), field));
        }
    }

    private void assertTypes(NotificationAction[] actions, String... expected) {
        assertEquals(List.of(expected), Stream.of(actions).map(NotificationAction::eventType).toList());
    }
}
