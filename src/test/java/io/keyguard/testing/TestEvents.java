package io.keyguard.testing;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;

/** Loads the bundled sample events (the files users pass to sam local invoke) and builds variants of them. */
public final class TestEvents {

    public static final Path EVENTS = Path.of("events");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestEvents() {
    }

    public static ConfigEvent load(String fileName) {
        return EventLoader.loadConfigEvent(EVENTS.resolve(fileName).toString());
    }

    /** The event as the JSON document Lambda hands the stream entry point. */
    public static InputStream asDelivered(ConfigEvent event) {
        return new ByteArrayInputStream(bytes(event));
    }

    /** The event's JSON document, as Lambda delivers it. */
    public static byte[] bytes(ConfigEvent event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scheduled sample event with other rule parameters. */
    public static ConfigEvent scheduled(String ruleParameters) {
        ConfigEvent event = load("scheduled.json");
        event.setRuleParameters(ruleParameters);
        return event;
    }

    /** A scheduled notification created at {@code createdAt}, with a real (non-TESTMODE) result token. */
    public static ConfigEvent scheduledAt(Instant createdAt, String resultToken) {
        ConfigEvent event = load("scheduled.json");
        try {
            ObjectNode invoking = (ObjectNode) JSON.readTree(event.getInvokingEvent());
            invoking.put("notificationCreationTime", createdAt.toString());
            event.setInvokingEvent(invoking.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        event.setResultToken(resultToken);
        return event;
    }

    /** A change notification for {@code resourceId} with the given status, built like the bundled ones. */
    public static ConfigEvent change(String resourceType, String resourceId, String resourceName, String status) {
        ConfigEvent event = load("change-compliant.json");
        try {
            ObjectNode invoking = (ObjectNode) JSON.readTree(event.getInvokingEvent());
            ObjectNode item = (ObjectNode) invoking.get("configurationItem");
            item.put("resourceType", resourceType).put("resourceId", resourceId).put("configurationItemStatus", status);
            if (resourceName == null) {
                item.putNull("resourceName");
                item.remove("configuration");
            } else {
                item.put("resourceName", resourceName);
            }
            event.setInvokingEvent(invoking.toString());
            return event;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
