package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RepliesTest {

    @Test
    void errorMessagesAreEscapedIntoValidJsonStrings() {
        assertEquals("from: found '\\\"\\\\\\n\\t\\u0001\\u007f'", Replies.jsonEscape("from: found '\"\\\n\t\u0001\u007f'"));
        assertEquals("caf\u00e9 /", Replies.jsonEscape("caf\u00e9 /"));
    }
}
