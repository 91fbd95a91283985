package io.herald.calendar.entity;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.herald.sse.entity.UserIds;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a client sends to create or change a calendar event. Times are ISO-8601 instants. */
// isEnd() below is a check, not a JSON property.
@JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public record CalendarEventRequest(
        @Schema(description = "Not blank") @NotBlank @Size(max = CalendarEvent.TITLE_LENGTH) String title,
        @Schema(description = "Optional") @Size(max = CalendarEvent.DESCRIPTION_LENGTH) String description,
        @Schema(description = "ISO-8601 instant") @NotNull Instant start,
        @Schema(description = "ISO-8601 instant, after start") @NotNull Instant end,
        @Schema(description = "User ids of the attendees (may be empty); the organiser is the caller")
        @NotNull @Size(max = 200) List<@NotNull @Pattern(regexp = USER_ID, message = USER_ID_MESSAGE) String> attendees) {

    /** User ids as Herald takes them from tokens: letters, digits and {@code . _ @ -}, up to 128. */
    public static final String USER_ID = UserIds.PATTERN;
    public static final String USER_ID_MESSAGE = "must be a user id: " + UserIds.RULE;

    // A getter, so Bean Validation reports it as the property "end": the client learns which field to fix.
    @AssertTrue(message = "must be after start")
    public boolean isEnd() {
        return start == null || end == null || end.isAfter(start);
    }
}
