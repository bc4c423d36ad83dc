package io.keyguard.configrule.event;

import java.time.Instant;

/** What triggered an invocation, parsed from the event's {@code invokingEvent} JSON string. */
public sealed interface InvokingEvent {

    String CHANGE = "ConfigurationItemChangeNotification";
    String OVERSIZED_CHANGE = "OversizedConfigurationItemChangeNotification";
    String SCHEDULED = "ScheduledNotification";

    /**
     * A configuration item changed (full item or, when oversized, its summary).
     *
     * @param resourceName the resource name when Config sent one, else null
     * @param status       configurationItemStatus, e.g. OK, ResourceDiscovered, ResourceDeleted
     */
    record ResourceChange(
            String messageType,
            String resourceType,
            String resourceId,
            String resourceName,
            String status,
            Instant captureTime) implements InvokingEvent {

        /** The item no longer describes a live, recorded resource, so there is nothing to evaluate. */
        public boolean resourceGoneOrUnrecorded() {
            return "ResourceDeleted".equals(status)
                    || "ResourceDeletedNotRecorded".equals(status)
                    || "ResourceNotRecorded".equals(status);
        }
    }

    /** The periodic trigger: evaluate every resource in scope. */
    record Scheduled(Instant notificationCreationTime) implements InvokingEvent {
    }
}
