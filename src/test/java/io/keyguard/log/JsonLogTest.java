package io.keyguard.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each log line is one JSON object, whatever the annotation holds. */
class JsonLogTest {

    private final ByteArrayOutputStream lines = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        JsonLog.redirectTo(System.out);
    }

    @Test
    void writesOneJsonObjectPerLineWithLevelMessageAndFields() throws Exception {
        JsonLog.redirectTo(new PrintStream(lines, true, StandardCharsets.UTF_8));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("annotation", "KmsKeyId \"alias/x\" is not listed\nin kmsKeyArns \u00e9");
        fields.put("calls", List.of("a", "b"));
        fields.put("millis", 264L);
        fields.put("ok", true);
        fields.put("nothing", null);
        JsonLog.error("evaluation reported", fields);

        String text = lines.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        JsonNode line = new ObjectMapper().readTree(text);
        assertEquals("ERROR", line.path("level").asText());
        assertEquals("evaluation reported", line.path("message").asText());
        assertEquals(fields.get("annotation"), line.path("annotation").asText());
        assertEquals("b", line.path("calls").get(1).asText());
        assertEquals(264, line.path("millis").asLong());
        assertTrue(line.path("ok").asBoolean());
        assertTrue(line.path("nothing").isNull());
    }

    @Test
    void discardWhileDropsLinesAndRestoresTheDestination() {
        JsonLog.redirectTo(new PrintStream(lines, true, StandardCharsets.UTF_8));
        JsonLog.discardWhile(() -> JsonLog.info("primed", Map.of()));
        JsonLog.info("after", Map.of());

        assertEquals(List.of("{\"level\":\"INFO\",\"message\":\"after\"}"),
                lines.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
