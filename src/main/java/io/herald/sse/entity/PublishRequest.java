package io.herald.sse.entity;

import java.util.List;

/** Body of {@code POST /api/sse/publish}: no {@code userIds} means everyone. */
public record PublishRequest(String type, Object data, List<String> userIds) {
}
