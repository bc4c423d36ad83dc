package io.keyguard.aws;

import io.keyguard.sdk.sagemaker.SageMakerServiceClientConfiguration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Picks the clients for the account an invocation is about (the client factory of the AWS Config Rule
 * Development Kit, in Java). The function's own account uses the function's own clients. A member account
 * of an organization rule or conformance pack is reached by assuming rule parameter {@code ExecutionRoleName}
 * in it; its credentials are cached and refreshed by the SDK for as long as the container lives.
 */
public final class AccountClients {

    /** Member accounts whose clients one container keeps; beyond this the least recently used are closed. */
    static final int CACHED_MEMBER_ACCOUNTS = 100;
    /** Shows in the member account's CloudTrail as the session that made the rule's calls. */
    static final String SESSION_NAME = "keyguard-config-rule";
    /** An hour, the most that role chaining (Lambda role to member role) allows; refreshed before it ends. */
    static final int SESSION_SECONDS = 3600;

    private final AwsClients own;
    private final Region region;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final Map<Region, StsClient> stsByRegion = new HashMap<>();
    private final Map<String, MemberAccount> members = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MemberAccount> eldest) {
            if (size() <= CACHED_MEMBER_ACCOUNTS) {
                return false;
            }
            eldest.getValue().close();
            return true;
        }
    };
    private String callerArn;

    /**
     * Member clients are built like {@code own} (same region, endpoint, timeouts and retries); its credentials
     * ask STS for the member roles.
     */
    public AccountClients(AwsClients own) {
        SageMakerServiceClientConfiguration configuration = own.sageMaker().serviceClientConfiguration();
        this.own = own;
        this.region = configuration.region();
        this.credentials = configuration.credentialsProvider();
    }

    /**
     * @param invokedFunctionArn the function's ARN from the Lambda context (its account is the function's
     *                           own); null outside Lambda, where STS GetCallerIdentity answers once if needed
     * @throws ExecutionRoleException when the account is another one and no role is configured, or STS
     *                                refuses the role
     */
    public synchronized AwsClients forInvocation(TargetAccount target, String invokedFunctionArn) {
        if (target.accountId() == null) {
            return own;
        }
        String functionAccount = accountOfArn(invokedFunctionArn);
        if (!target.assumesRole()) {
            if (functionAccount != null && !functionAccount.equals(target.accountId())) {
                throw new ExecutionRoleException("The event is for account " + target.accountId()
                        + ", but this function runs in account " + functionAccount + " and rule parameter "
                        + "ExecutionRoleName is not set, so it has no credentials for that account. Set"
                        + " ExecutionRoleName to a role in each member account that this function's role may assume"
                        + " (deploy/member-role.yaml creates one).");
            }
            return own;
        }
        String ownAccount = functionAccount != null ? functionAccount : callerAccount();
        if (target.accountId().equals(ownAccount)) {
            return own;
        }
        String roleArn = "arn:" + partition() + ":iam::" + target.accountId() + ":role/" + target.executionRoleName();
        Region stsRegion = target.executionRoleRegion() == null ? region : Region.of(target.executionRoleRegion());
        MemberAccount member = members.computeIfAbsent(roleArn + "|" + stsRegion.id(),
                key -> memberAccount(roleArn, stsRegion));
        assumeOrExplain(member, target);
        return member.clients();
    }

    private MemberAccount memberAccount(String roleArn, Region stsRegion) {
        StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts(stsRegion))
                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(SESSION_NAME).durationSeconds(SESSION_SECONDS))
                .build();
        return new MemberAccount(roleArn, provider, own.signedWith(provider));
    }

    /** Credentials are fetched here, once per session, so a refused role fails before any evaluation. */
    private void assumeOrExplain(MemberAccount member, TargetAccount target) {
        try {
            member.credentials().resolveCredentials();
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String refusal = code + " (HTTP " + e.statusCode() + "): "
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
            if ("AccessDenied".equals(code)) {
                throw new ExecutionRoleException("Cannot evaluate account " + target.accountId() + ": STS refused to let"
                        + " this function assume " + member.roleArn() + " (rule parameter ExecutionRoleName): " + refusal
                        + ". The role must exist in that account with a trust policy allowing sts:AssumeRole by the rule"
                        + " function's role " + functionRoleForMessages() + " (deploy/member-role.yaml, for example"
                        + " through StackSets), and the function's role must be allowed sts:AssumeRole on it.", e);
            }
            if ("RegionDisabledException".equals(code)) {
                throw new ExecutionRoleException("Cannot evaluate account " + target.accountId() + ": STS is not"
                        + " active in " + (target.executionRoleRegion() == null ? region.id() : target.executionRoleRegion())
                        + " for " + member.roleArn() + ": " + refusal + ". Activate it in that account, or set rule"
                        + " parameter ExecutionRoleRegion to a region where it is active.", e);
            }
            throw new ExecutionRoleException("Cannot evaluate account " + target.accountId() + ": assuming "
                    + member.roleArn() + " failed: " + refusal, e);
        } catch (SdkException e) {
            throw new ExecutionRoleException("Cannot evaluate account " + target.accountId() + ": assuming "
                    + member.roleArn() + " failed: " + AwsErrors.describe(e), e);
        }
    }

    /** The role a member account's trust policy must name, as STS reports the function's identity. */
    private String functionRoleForMessages() {
        try {
            return roleArnOf(callerArn());
        } catch (SdkException e) {
            return "(its ARN is the RuleFunctionRoleArn output of the function's stack; STS GetCallerIdentity failed: "
                    + AwsErrors.describe(e) + ")";
        }
    }

    private String callerAccount() {
        try {
            return accountOfArn(callerArn());
        } catch (SdkException e) {
            throw new ExecutionRoleException("Cannot tell whether the event's account is this function's own:"
                    + " STS GetCallerIdentity failed: " + AwsErrors.describe(e), e);
        }
    }

    private String callerArn() {
        if (callerArn == null) {
            callerArn = sts(region).getCallerIdentity().arn();
        }
        return callerArn;
    }

    private StsClient sts(Region stsRegion) {
        return stsByRegion.computeIfAbsent(stsRegion, r -> own.sts(r, credentials));
    }

    private String partition() {
        return PartitionMetadata.of(region).id();
    }

    /** The account in an ARN (arn:partition:service:region:account:resource), or null when there is none. */
    static String accountOfArn(String arn) {
        if (arn == null) {
            return null;
        }
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && parts[4].matches("\\d{12}") ? parts[4] : null;
    }

    /** An assumed-role session ARN (arn:aws:sts::1:assumed-role/name/session) as its role's ARN. */
    static String roleArnOf(String callerArn) {
        String[] parts = callerArn.split(":", 6);
        if (parts.length == 6 && "sts".equals(parts[2]) && parts[5].startsWith("assumed-role/")) {
            String roleName = parts[5].substring("assumed-role/".length()).split("/")[0];
            return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + roleName;
        }
        return callerArn;
    }

    private record MemberAccount(String roleArn, StsAssumeRoleCredentialsProvider credentials, AwsClients clients) {
        void close() {
            clients.close();
            credentials.close();
        }
    }
}
