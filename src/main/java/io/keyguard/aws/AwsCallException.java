package io.keyguard.aws;

/** An AWS call failed after the client's retries; names the operation and the resource it was for. */
public final class AwsCallException extends RuntimeException {

    private final String operation;
    private final String resource;

    public AwsCallException(String operation, String resource, String reason, Throwable cause) {
        super(operation + " failed for " + resource + ": " + reason, cause);
        this.operation = operation;
        this.resource = resource;
    }

    public String operation() {
        return operation;
    }

    public String resource() {
        return resource;
    }

    /** The message without the operation and resource prefix. */
    public String reason() {
        String message = getMessage();
        return message.substring(message.indexOf(": ") + 2);
    }
}
