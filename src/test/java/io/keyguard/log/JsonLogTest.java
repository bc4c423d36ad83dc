package io.keyguard.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyguard.testing.LogCapture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each log line is one JSON object, whatever the annotation holds. */
class JsonLogTest {

    @Test
    void writesOneJsonObjectPerLineWithLevelMessageAndFields() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("annotation", "KmsKeyId \"alias/x\" is not listed\nin kmsKeyArns \u00e9");
            fields.put("calls", List.of("a", "b"));
            fields.put("millis", 264L);
            fields.put("ok", true);
            fields.put("nothing", null);
            JsonLog.error("evaluation reported", fields);

            String text = log.text();
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
    }

    @Test
    void discardWhileDropsLinesAndRestoresTheDestination() {
        try (LogCapture log = new LogCapture()) {
            JsonLog.discardWhile(() -> JsonLog.info("primed", Map.of()));
            JsonLog.info("after", Map.of());

            assertEquals(List.of("{\"level\":\"INFO\",\"message\":\"after\"}"), log.text().lines().toList());
        }
    }
}
