package io.herald.sse.entity;

/** {@code chat_message}, {@code chat_typing}, {@code chat_read}. */
public enum ChatAction implements NotificationAction {
    MESSAGE("New chat message%s"),
    TYPING("Someone is typing%s"),
    READ("Your message was read%s");

    private final String messageTemplate;

    ChatAction(String messageTemplate) {
        this.messageTemplate = messageTemplate;
    }

    @Override
    public String typePrefix() {
        return "chat_";
    }

    @Override
    public String messageTemplate() {
        return messageTemplate;
    }
}
