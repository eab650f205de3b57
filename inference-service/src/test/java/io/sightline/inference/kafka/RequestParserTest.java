package io.sightline.inference.kafka;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestParserTest {

    private static ParsedRequest parse(String json) {
        return RequestParser.parse(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void recordsWithoutARequestIdAreNotRequests() {
        assertInstanceOf(ParsedRequest.NotARequest.class, parse(null));
        assertInstanceOf(ParsedRequest.NotARequest.class, parse(""));
        assertInstanceOf(ParsedRequest.NotARequest.class, parse("not json {"));
        assertInstanceOf(ParsedRequest.NotARequest.class, parse("[1,2]"));
        assertInstanceOf(ParsedRequest.NotARequest.class, parse("\"text\""));
        assertInstanceOf(ParsedRequest.NotARequest.class, parse("{\"imageBase64\":\"AAAA\"}"));
        assertInstanceOf(ParsedRequest.NotARequest.class, parse("{\"requestId\":42,\"imageBase64\":\"AAAA\"}"));
        assertInstanceOf(ParsedRequest.NotARequest.class, parse("{\"requestId\":\"  \",\"imageBase64\":\"AAAA\"}"));
    }

    @Test
    void badShapesWithARequestIdAreInvalidWithTheReason() {
        ParsedRequest both = parse("{\"requestId\":\"r1\",\"object\":{\"bucket\":\"b\",\"key\":\"k\"},\"imageBase64\":\"AAAA\"}");
        ParsedRequest.Invalid invalid = assertInstanceOf(ParsedRequest.Invalid.class, both);
        assertEquals("r1", invalid.requestId());
        assertTrue(invalid.reason().contains("exactly one of object or imageBase64"), invalid.reason());

        assertInstanceOf(ParsedRequest.Invalid.class, parse("{\"requestId\":\"r2\"}"));
        ParsedRequest.Invalid topK = assertInstanceOf(ParsedRequest.Invalid.class,
                parse("{\"requestId\":\"r3\",\"imageBase64\":\"AAAA\",\"topK\":0}"));
        assertTrue(topK.reason().contains("topK"), topK.reason());
        assertInstanceOf(ParsedRequest.Invalid.class, parse("{\"requestId\":\"r4\",\"imageBase64\":\"AAAA\",\"topK\":\"many\"}"));
        assertInstanceOf(ParsedRequest.Invalid.class, parse("{\"requestId\":\"r5\",\"object\":{\"bucket\":\"b\"}}"));
    }

    @Test
    void wellFormedRequestsAreValid() {
        ParsedRequest.Valid valid = assertInstanceOf(ParsedRequest.Valid.class,
                parse("{\"requestId\":\"r1\",\"object\":{\"bucket\":\"b\",\"key\":\"k\"},\"topK\":5,\"extra\":true}"));
        assertEquals("k", valid.request().object().key());
        assertEquals(5, valid.request().topKOrDefault());
    }
}
