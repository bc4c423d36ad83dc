package io.keyguard.remediation;

import io.keyguard.keys.KeyFacts;
import io.keyguard.keys.KeyReferences;
import io.keyguard.keys.KeyResolution;
import io.keyguard.remediation.RemediationStep.Status;
import io.keyguard.rule.LocalStorageInstanceTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The remediation's decisions, apart from any AWS call: whether the key and the config can be used, which tags the
 * copy carries, which endpoints move and which are left alone (and why), and whether the original may be deleted.
 */
final class RemediationPlanner {

    /** The tag on the copy that names the config it was made from; it also marks the copy as this remediation's. */
    public static final String LINK_TAG = "keyguard:remediated-from";

    /** SageMaker accepts at most 50 tags on a resource. */
    static final int MAX_TAGS = 50;

    /** Tag keys under this prefix are reserved for AWS (CloudFormation sets some); CreateEndpointConfig refuses them. */
    private static final String RESERVED_TAG_PREFIX = "aws:";

    private RemediationPlanner() {
    }

    /** Why the requested key cannot encrypt the copy: it must be found, customer-managed and Enabled. */
    public static Optional<String> keyRefusal(String reference, KeyResolution resolution) {
        if (resolution instanceof KeyResolution.Unexaminable unexaminable) {
            return Optional.of(switch (unexaminable.reason()) {
                case ACCESS_DENIED -> "KMS denied kms:DescribeKey on " + reference + ": allow the remediation"
                        + " function's role kms:DescribeKey on the key (key policy and IAM).";
                case NOT_FOUND -> "KMS key " + reference + " was not found (deleted, mistyped, or in another account"
                        + " or Region).";
            });
        }
        if (!(resolution instanceof KeyResolution.Resolved resolved)) {
            return Optional.of("KMS key " + reference + " was not examined.");
        }
        KeyFacts key = resolved.facts();
        if (!key.customerManaged()) {
            return Optional.of(key.keyArn() + " is an AWS-managed key, whose policy you do not control; give a"
                    + " customer-managed key.");
        }
        if (!key.enabled()) {
            return Optional.of(key.keyArn() + " is " + key.keyState() + ", not Enabled; SageMaker could not use it.");
        }
        return Optional.empty();
    }

    /** Why an AWS-managed key (alias/aws/...) cannot be the target: its policy is AWS's, so it fixes nothing. */
    static Optional<String> awsManagedTarget(String kmsKeyId) {
        if (!KeyReferences.isAwsManagedAlias(kmsKeyId)) {
            return Optional.empty();
        }
        return Optional.of(kmsKeyId + " names an AWS-managed key, whose policy you do not control: the copy needs a"
                + " customer-managed key (a key ARN, key id, or an alias of your own).");
    }

    /**
     * Why this config is not copied with the key: the key would not encrypt its instances' storage, SageMaker would
     * refuse the key's Region, or the copy's tags.
     */
    public static Optional<String> configRefusal(SourceConfig config, String keyArn, Map<String, String> copyTags) {
        List<String> localStorage = LocalStorageInstanceTypes.variantsOnLocalStorage(config.variants(), Set.of());
        if (!localStorage.isEmpty()) {
            return Optional.of("Variant(s) " + String.join(", ", localStorage) + " run on instance types with local"
                    + " NVMe storage, which the instance hardware encrypts; a KmsKeyId does not encrypt it, so a copy"
                    + " with a key would change nothing. Move the model to other instance types, or exempt the"
                    + " config.");
        }
        String configRegion = regionOf(config.arn());
        String keyRegion = regionOf(keyArn);
        if (configRegion != null && keyRegion != null && !configRegion.equals(keyRegion)) {
            return Optional.of(keyArn + " is in " + keyRegion + " but the endpoint config is in " + configRegion
                    + "; SageMaker needs a key in the endpoint's Region.");
        }
        if (copyTags.size() > MAX_TAGS) {
            return Optional.of("The config has " + (copyTags.size() - 1) + " tags; with the " + LINK_TAG + " tag the"
                    + " copy would have more than SageMaker's " + MAX_TAGS + ". Remove a tag from the config first.");
        }
        return Optional.empty();
    }

    /**
     * True when the config's own KmsKeyId is the requested key already: the key ARN, the key id, or an alias KMS
     * resolved to it ({@code configKey}, null when not looked up).
     */
    public static boolean alreadyUses(SourceConfig config, KeyResolution configKey, String keyArn) {
        String reference = config.kmsKeyId();
        return reference != null && (keyArn.equals(reference) || keyArn.endsWith(":key/" + reference))
                || configKey instanceof KeyResolution.Resolved resolved && keyArn.equals(resolved.facts().keyArn());
    }

    /**
     * Why a config that carries the copy's name is not this remediation's copy (another key, or no link to the
     * original): it must not be used, nor overwritten.
     */
    public static Optional<String> copyConflict(String copyName, String copyKmsKeyId, Map<String, String> copyTags,
                                                String keyArn, String originalName) {
        String linkedTo = copyTags.get(LINK_TAG);
        boolean linked = linkedTo != null && nameInArn(linkedTo).equalsIgnoreCase(originalName);
        if (keyArn.equals(copyKmsKeyId) && linked) {
            return Optional.empty();
        }
        return Optional.of("An endpoint config named " + copyName + " exists but is not the encrypted copy of "
                + originalName + " (KmsKeyId " + copyKmsKeyId + ", " + LINK_TAG + "=" + linkedTo + "). Rename or"
                + " delete it, then run again.");
    }

    /** The original's tags without AWS-reserved keys, plus the link to the original. */
    public static Map<String, String> copyTags(Map<String, String> originalTags, String originalArn) {
        Map<String, String> tags = new LinkedHashMap<>();
        originalTags.forEach((key, value) -> {
            if (!key.toLowerCase(Locale.ROOT).startsWith(RESERVED_TAG_PREFIX)) {
                tags.put(key, value);
            }
        });
        tags.put(LINK_TAG, originalArn);
        return tags;
    }

    /** Which endpoints move to the copy, and what becomes of the others that use the original or the copy. */
    public static RemediationPlan plan(String originalName, String copyName, boolean copyExists,
                                       List<EndpointState> endpoints) {
        List<EndpointState> toMove = new ArrayList<>();
        List<RemediationStep> settled = new ArrayList<>();
        for (EndpointState endpoint : endpoints) {
            String update = RemediationStep.UPDATE_ENDPOINT;
            if (copyName.equalsIgnoreCase(endpoint.pendingConfigName())) {
                settled.add(new RemediationStep(update, endpoint.name(), Status.IN_PROGRESS,
                        "Updating to " + copyName + " (" + endpoint.status() + ")."));
            } else if (copyName.equalsIgnoreCase(endpoint.configName())) {
                settled.add(new RemediationStep(update, endpoint.name(), Status.ALREADY_DONE,
                        "Runs on " + copyName + " (" + endpoint.status() + ")."));
            } else if (endpoint.uses(originalName)) {
                if (endpoint.inService() && endpoint.pendingConfigName() == null) {
                    toMove.add(endpoint);
                } else {
                    settled.add(new RemediationStep(update, endpoint.name(), Status.SKIPPED, skipReason(endpoint)));
                }
            }
        }
        return new RemediationPlan(!copyExists, toMove, settled);
    }

    /** The endpoints that still run on, or are being deployed with, the original: it must not be deleted. */
    public static List<String> deletionBlockers(String originalName, List<EndpointState> endpoints) {
        return endpoints.stream().filter(e -> e.uses(originalName)).map(EndpointState::name).toList();
    }

    static String skipReason(EndpointState endpoint) {
        String status = endpoint.status();
        return "Endpoint is " + status + switch (status) {
            case "Creating" -> ": still being created; run again once it is InService.";
            case "Updating" -> (endpoint.pendingConfigName() == null ? "" : " to " + endpoint.pendingConfigName())
                    + ": another update is in progress; run again once it is InService.";
            case "SystemUpdating" -> ": SageMaker is patching or scaling it; run again once it is InService.";
            case "RollingBack" -> ": an update is rolling back; run again once it is InService.";
            case "UpdateRollbackFailed" -> ": a rollback failed; fix the endpoint first.";
            case "Failed" -> (endpoint.failureReason() == null ? "" : " (" + endpoint.failureReason() + ")")
                    + ": SageMaker does not update a failed endpoint; fix or recreate it first.";
            case "OutOfService" -> ": it cannot be updated until it is InService again.";
            case "Deleting" -> ": it is being deleted.";
            default -> ", not InService: it cannot be updated now.";
        };
    }

    /** The Region field of an ARN, or null when the value is not an ARN. */
    static String regionOf(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && "arn".equals(parts[0]) && !parts[3].isEmpty() ? parts[3] : null;
    }

    private static String nameInArn(String arn) {
        int slash = arn.indexOf(":endpoint-config/");
        return slash < 0 ? arn : arn.substring(slash + ":endpoint-config/".length());
    }
}
