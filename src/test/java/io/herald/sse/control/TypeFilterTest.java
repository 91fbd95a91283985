package io.herald.sse.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TypeFilterTest {

    @Test
    void noFilterAcceptsEverything() {
        for (String text : new String[] {null, "", "  ", ",,"}) {
            TypeFilter filter = TypeFilter.parse(text);
            assertTrue(filter.accepts("anything"));
            assertEquals("", filter.toString());
        }
    }

    @Test
    void exactNamesAndWildcards() {
        TypeFilter filter = TypeFilter.parse("chat_*, alert ,*_deleted,calendar_*_reminder");
        assertTrue(filter.accepts("chat_message"));
        assertTrue(filter.accepts("chat_"));
        assertTrue(filter.accepts("alert"));
        assertTrue(filter.accepts("employee_deleted"));
        assertTrue(filter.accepts("calendar_event_reminder"));
        assertFalse(filter.accepts("alerts"));
        assertFalse(filter.accepts("chat"));
        assertFalse(filter.accepts("task_assigned"));
        assertFalse(filter.accepts("calendar_event_created"));
        assertEquals("chat_*,alert,*_deleted,calendar_*_reminder", filter.toString());
    }

    @Test
    void regexCharactersAreLiteral() {
        TypeFilter filter = TypeFilter.parse("a.b");
        assertTrue(filter.accepts("a.b"));
        assertFalse(filter.accepts("axb"));
    }

    @Test
    void heraldsOwnEventsAlwaysPass() {
        TypeFilter filter = TypeFilter.parse("alert");
        assertTrue(filter.accepts("heartbeat"));
        assertTrue(filter.accepts("connection_established"));
    }

    @Test
    void badPatternsAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TypeFilter.parse("ok,bad type"));
        assertTrue(e.getMessage().contains("'bad type'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TypeFilter.parse("(.*)"));
        assertThrows(IllegalArgumentException.class, () -> TypeFilter.parse("x".repeat(65)));
        assertThrows(IllegalArgumentException.class, () -> TypeFilter.parse("a,".repeat(33)));
    }

    @Test
    void globsMatchLikeTheRegularExpressionsTheyReplaced() {
        String[][] cases = {
                {"chat_*", "chat_message", "true"}, {"chat_*", "chat_", "true"}, {"chat_*", "chat", "false"},
                {"*", "", "true"}, {"*_created", "employee_created", "true"}, {"*_created", "employee_updated", "false"},
                {"a*b*c", "aXXbYYc", "true"}, {"a*b*c", "aXXbYY", "false"}, {"a**c", "ac", "true"},
                {"exact", "exact", "true"}, {"exact", "exact2", "false"}, {"*.*", "a.b", "true"}, {"*.*", "ab", "false"}};
        for (String[] c : cases) {
            assertEquals(Boolean.parseBoolean(c[2]), TypeFilter.globMatches(c[0], c[1]), c[0] + " ~ " + c[1]);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(10)
    void aHostileFilterCannotBacktrackExponentially() {
        // As a regular expression (.*a){31}.*b this takes longer than the test would ever run on 64 a's.
        TypeFilter hostile = TypeFilter.parse("*a".repeat(31) + "*b");
        assertFalse(hostile.accepts("a".repeat(64)));
        assertTrue(hostile.accepts("a".repeat(40) + "b"));
    }
}
