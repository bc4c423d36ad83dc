package io.keyguard.hook;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The hook's answer to CloudFormation: SUCCESS lets the operation go on; FAILED stops it (or warns, in the hook's
 * WARN failure mode), with NonCompliant when the config breaks the rule and InternalFailure when the hook could not
 * judge it.
 *
 * @param errorCode          null exactly when the status is SUCCESS
 * @param message            why, shown in the stack's events; cut to {@link #MAX_MESSAGE_LENGTH}
 * @param clientRequestToken the request's, echoed; null only when the request had none that could be read
 */
public record HookResponse(HookStatus hookStatus, ErrorCode errorCode, String message, String clientRequestToken) {

    /** CloudFormation shows 4,096 characters of a message, Cloud Control API 1,024: the smaller fits both. */
    static final int MAX_MESSAGE_LENGTH = 1024;

    public enum HookStatus { SUCCESS, FAILED }

    public enum ErrorCode {
        NON_COMPLIANT("NonCompliant"),
        INTERNAL_FAILURE("InternalFailure");

        private final String wireName;

        ErrorCode(String wireName) {
            this.wireName = wireName;
        }

        /** As the hook contract spells it. */
        public String wireName() {
            return wireName;
        }
    }

    public HookResponse {
        Objects.requireNonNull(hookStatus, "hookStatus");
        Objects.requireNonNull(message, "message");
        if ((errorCode == null) != (hookStatus == HookStatus.SUCCESS)) {
            throw new IllegalArgumentException("a FAILED answer needs an error code, and only a FAILED one has one");
        }
        message = message.length() <= MAX_MESSAGE_LENGTH ? message
                : message.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
    }

    static HookResponse success(String message, String clientRequestToken) {
        return new HookResponse(HookStatus.SUCCESS, null, message, clientRequestToken);
    }

    static HookResponse failed(ErrorCode errorCode, String message, String clientRequestToken) {
        return new HookResponse(HookStatus.FAILED, errorCode, message, clientRequestToken);
    }

    /** The answer as Lambda returns it: {@code {"hookStatus", "errorCode" (when FAILED), "message", "clientRequestToken"}}. */
    public byte[] toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("hookStatus", hookStatus.name());
        if (errorCode != null) {
            json.put("errorCode", errorCode.wireName());
        }
        json.put("message", message);
        json.put("clientRequestToken", clientRequestToken);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
