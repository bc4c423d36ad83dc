package io.keyguard.configrule.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyguard.testing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The rule reads JSON with the SDK's parser, and must accept, refuse and describe every text exactly as
 * Jackson's {@code ObjectMapper.readTree} does (the rule's reader before, and the wording its error messages
 * keep): the same values, and for text that is not JSON the same message.
 */
class JsonTextTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final List<String> SEEDS = List.of(
            TestEvents.load("change-compliant.json").getInvokingEvent(),
            TestEvents.load("oversized-change.json").getInvokingEvent(),
            TestEvents.load("scheduled.json").getInvokingEvent(),
            "{\"kmsKeyArns\":\"arn:aws:kms:us-east-1:123456789012:key/1f2e\",\"exemptionTagKey\":null,"
                    + "\"n\":[1,-2.5e3,true,false,{}],\"u\":\"\\u00e9\\n\"}");
    /** What mutations insert: JSON's own punctuation, and what strict JSON refuses but lenient readers allow. */
    private static final String INSERTED = "{}[]\",:\\/*#'x1-.e\u0000\u00a0\ufeff \n\tntf";

    @Property(tries = 2000)
    void mutatedEventsAndParametersAreReadOrRefusedAsJacksonDoes(@ForAll("mutated") String json) {
        assertSameOutcome(json);
    }

    @Example
    void oddButCompleteTextsAreReadOrRefusedAsJacksonDoes() {
        for (String json : List.of("{bad", "not json", "{\"a\":}", "{\"a\":1,}", "[1,]", "{} trailing", "{}}",
                "{\"a\":1 /* comment */}", "// comment\n{}", "# comment\n{}", "{'a':1}", "{a:1}", "NaN", "01",
                "\"\\x\"", "\"a\nb\"", "\ufeff{}", "\u00a0{}", "tru", "{\"a\":\"x\",\"a\":null}", "1e999", "-0",
                "[".repeat(1001) + "]".repeat(1001), "[".repeat(999) + "]".repeat(999), "\"\\ud800\"", "null")) {
            assertSameOutcome(json);
        }
    }

    @Example
    void commentsAreRefusedThoughTheSdksDefaultReaderAllowsThem() {
        assertThrows(JsonText.SyntaxError.class, () -> JsonText.parse("{\"a\":\"b\" /* c */}"));
        assertThrows(JsonText.SyntaxError.class, () -> JsonText.parse("// c\n{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Example
    void textWithoutAValueHoldsNone() {
        assertNull(JsonText.parse(""));
        assertNull(JsonText.parse(" \n\t".getBytes(StandardCharsets.UTF_8)));
    }

    @Example
    void aSyntaxErrorDoesNotQuoteTheText() {
        for (String json : List.of("{\"resultToken\":\"secret-token\",\"x\":\n{",
                "{\"resultToken\":\"secret-token\" x")) {
            JsonText.SyntaxError e = assertThrows(JsonText.SyntaxError.class, () -> JsonText.parse(json));
            assertFalse(e.getMessage().contains("secret-token"), e.getMessage());
            e = assertThrows(JsonText.SyntaxError.class, () -> JsonText.parse(json.getBytes(StandardCharsets.UTF_8)));
            assertFalse(e.getMessage().contains("secret-token"), e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.doubles().between(0, 1), Arbitraries.of(INSERTED.chars().mapToObj(c -> (char) c).toList()))
                .as(Mutation::new);
        return Combinators.combine(Arbitraries.of(SEEDS), mutation.list().ofMinSize(1).ofMaxSize(3))
                .as((seed, mutations) -> {
                    StringBuilder text = new StringBuilder(seed);
                    mutations.forEach(m -> m.applyTo(text));
                    return text.toString();
                });
    }

    /** Delete, insert, replace a character, or cut the text, at a point given as a fraction of its length. */
    record Mutation(int kind, double at, char character) {
        void applyTo(StringBuilder text) {
            int i = (int) (at * text.length());
            switch (kind) {
                case 0 -> {
                    if (i < text.length()) {
                        text.deleteCharAt(i);
                    }
                }
                case 1 -> text.insert(i, character);
                case 2 -> {
                    if (i < text.length()) {
                        text.setCharAt(i, character);
                    }
                }
                default -> text.setLength(i);
            }
        }
    }

    private static void assertSameOutcome(String json) {
        assertEquals(jackson(json), sdk(json), json);
        assertEquals(jacksonFromBytes(json), sdkFromBytes(json), json);
    }

    /** The value as plain Java (maps, lists, strings, booleans, null; numbers as NUMBER), or the refusal. */
    private static Object jackson(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = JACKSON.readTree(json);
            return node.isMissingNode() ? "no value" : plain(node);
        } catch (JsonProcessingException e) {
            return "refused: " + e.getOriginalMessage();
        }
    }

    /** Read from bytes, as an event from Lambda's stream is (a UTF-8 byte order mark is then skipped). */
    private static Object jacksonFromBytes(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = JACKSON.readTree(json.getBytes(StandardCharsets.UTF_8));
            return node.isMissingNode() ? "no value" : plain(node);
        } catch (JsonProcessingException e) {
            return "refused: " + e.getOriginalMessage();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Object sdk(String json) {
        try {
            JsonNode node = JsonText.parse(json);
            return node == null ? "no value" : plain(node);
        } catch (JsonText.SyntaxError e) {
            return "refused: " + e.getMessage();
        }
    }

    private static Object sdkFromBytes(String json) {
        try {
            JsonNode node = JsonText.parse(json.getBytes(StandardCharsets.UTF_8));
            return node == null ? "no value" : plain(node);
        } catch (JsonText.SyntaxError e) {
            return "refused: " + e.getMessage();
        }
    }

    private static Object plain(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            node.properties().forEach(f -> fields.put(f.getKey(), plain(f.getValue())));
            return fields;
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(plain(item)));
            return items;
        }
        if (node.isNumber()) {
            return "NUMBER";
        }
        return node.isNull() ? null : node.isBoolean() ? (Object) node.booleanValue() : node.textValue();
    }

    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            node.asObject().forEach((name, value) -> fields.put(name, plain(value)));
            return fields;
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.asArray().forEach(item -> items.add(plain(item)));
            return items;
        }
        if (node.isNumber()) {
            return "NUMBER";
        }
        return node.isNull() ? null : node.isBoolean() ? (Object) node.asBoolean() : node.asString();
    }
}
