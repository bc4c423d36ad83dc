package io.keyguard.configrule.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;

/**
 * JSON text read with the AWS SDK's own small parser (json-utils), which the SDK loads anyway for the JSON
 * protocol, so a valid event loads no second JSON library at cold start.
 *
 * <p>It accepts and refuses what Jackson's {@code ObjectMapper.readTree} does: strict JSON (json-utils' default
 * reader allows comments; this one does not) and no input text in error locations. Input that is not JSON is
 * described by Jackson itself, loaded only then: the two parsers' wording differs in places (the SDK ships an
 * older jackson-core), and the rule's error messages are Jackson's.
 */
final class JsonText {

    private static final JsonNodeParser PARSER = JsonNodeParser.builder()
            .jsonFactory(JsonFactory.builder().build())
            .removeErrorLocations(true)
            .build();

    private JsonText() {
    }

    /**
     * @return the value, or null when the text holds none (it is empty)
     * @throws SyntaxError when the text is not JSON
     */
    static JsonNode parse(String json) {
        try {
            return PARSER.parse(json);
        } catch (RuntimeException e) {
            throw new SyntaxError(Jackson.originalMessage(json, e), e);
        }
    }

    /** As {@link #parse(String)}, for UTF-8 (or UTF-16/32, detected as JSON allows) bytes. */
    static JsonNode parse(byte[] json) {
        try {
            return PARSER.parse(json);
        } catch (RuntimeException e) {
            throw new SyntaxError(Jackson.originalMessage(json, e), e);
        }
    }

    /** Text that is not JSON; the message is the parser's own, without the text's location or content. */
    static final class SyntaxError extends RuntimeException {
        SyntaxError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Only loaded for input that is not JSON. */
    private static final class Jackson {

        private static final ObjectMapper MAPPER = new ObjectMapper();

        static String originalMessage(String json, RuntimeException sdkError) {
            try {
                MAPPER.readTree(json);
            } catch (JsonProcessingException e) {
                return e.getOriginalMessage();
            }
            return sdkMessage(sdkError);
        }

        static String originalMessage(byte[] json, RuntimeException sdkError) {
            try {
                MAPPER.readTree(json);
            } catch (JsonProcessingException e) {
                return e.getOriginalMessage();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return sdkMessage(sdkError);
        }

        /** Jackson read what the SDK's parser refused (not seen in tests): the SDK parser's own words then. */
        private static String sdkMessage(RuntimeException sdkError) {
            Throwable cause = sdkError instanceof UncheckedIOException && sdkError.getCause() != null
                    ? sdkError.getCause() : sdkError;
            return cause instanceof software.amazon.awssdk.thirdparty.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage() : String.valueOf(cause.getMessage());
        }
    }
}
