package io.keyguard.aws;

/**
 * The account an invocation is about, and how to reach it when it is not the function's own: with an
 * organization rule or a conformance pack across accounts, one function is invoked for every member account.
 *
 * @param accountId           the event's {@code accountId}; null when the event has none (local events)
 * @param executionRoleName   rule parameter {@code ExecutionRoleName}: a role of this name (optionally after a
 *                            path) in the member account, assumed for its calls; null when not set
 * @param executionRoleRegion rule parameter {@code ExecutionRoleRegion}: the region whose STS endpoint issues
 *                            the member credentials; null for the function's own region
 */
public record TargetAccount(String accountId, String executionRoleName, String executionRoleRegion) {

    /** The account of the credentials at hand, whatever it is: nothing to compare, no role to assume. */
    public static final TargetAccount CREDENTIALS_ACCOUNT = new TargetAccount(null, null, null);

    public boolean assumesRole() {
        return executionRoleName != null;
    }
}
