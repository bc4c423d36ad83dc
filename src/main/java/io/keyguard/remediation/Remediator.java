package io.keyguard.remediation;

import io.keyguard.aws.AwsCallException;
import io.keyguard.keys.KeyDirectory;
import io.keyguard.keys.KeyReferences;
import io.keyguard.keys.KeyResolution;
import io.keyguard.log.JsonLog;
import io.keyguard.remediation.RemediationReport.Outcome;
import io.keyguard.remediation.RemediationStep.Status;
import io.keyguard.rule.EndpointConfigIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Moves the endpoints of an endpoint config onto a KMS-encrypted copy of it: reads what SageMaker and KMS show,
 * lets {@link RemediationPlanner} decide, and (unless it is a dry run) makes the changes, one report step each.
 * Running it again after it succeeded changes nothing.
 */
public final class Remediator {

    /** Endpoint states that end by themselves; an update in progress passes through them. */
    private static final Set<String> TRANSITIONAL = Set.of("Creating", "Updating", "SystemUpdating", "RollingBack");

    private final EndpointConfigStore configs;
    private final EndpointFleet endpoints;
    private final KeyDirectory keys;
    private final Pacing pacing;

    public Remediator(EndpointConfigStore configs, EndpointFleet endpoints, KeyDirectory keys, Pacing pacing) {
        this.configs = configs;
        this.endpoints = endpoints;
        this.keys = keys;
        this.pacing = pacing;
    }

    /**
     * @param waitBudget how long, from now, the run may spend before it stops waiting for endpoints to be InService
     *                   again (when the request asks to wait)
     */
    public RemediationReport remediate(RemediationRequest request, Duration waitBudget) {
        Instant waitDeadline = pacing.clock().instant().plus(waitBudget);
        String requestedName = EndpointConfigIds.nameOf(request.endpointConfigId(), null);
        // Refused before any call: DescribeKey on a predefined alias/aws/... alias would create that AWS-managed key.
        Optional<String> awsManaged = RemediationPlanner.awsManagedTarget(request.kmsKeyId());
        if (awsManaged.isPresent()) {
            return RemediationReport.refused(requestedName, null, null, request.dryRun(), awsManaged.get());
        }
        Optional<EndpointConfigStore.StoredConfig> original = configs.describe(requestedName);
        String originalName = original.map(o -> o.facts().name()).orElse(requestedName);

        KeyResolution key = keys.describe(request.kmsKeyId());
        Optional<String> keyRefusal = RemediationPlanner.keyRefusal(request.kmsKeyId(), key);
        if (keyRefusal.isPresent()) {
            return RemediationReport.refused(originalName, null, null, request.dryRun(), keyRefusal.get());
        }
        String keyArn = ((KeyResolution.Resolved) key).facts().keyArn();
        String copyName = CopyNames.of(originalName, keyArn);

        Map<String, String> copyTags = Map.of();
        if (original.isPresent()) {
            SourceConfig source = original.get().facts();
            if (alreadyUses(source, keyArn)) {
                return new RemediationReport(originalName, null, keyArn, request.dryRun(), Outcome.ALREADY_ENCRYPTED,
                        originalName + " already has KmsKeyId " + source.kmsKeyId() + ", which is " + keyArn
                                + ": nothing to do.", List.of());
            }
            copyTags = RemediationPlanner.copyTags(configs.tags(source.arn()), source.arn());
            Optional<String> refusal = RemediationPlanner.configRefusal(source, keyArn, copyTags);
            if (refusal.isPresent()) {
                return RemediationReport.refused(originalName, copyName, keyArn, request.dryRun(), refusal.get());
            }
        }
        Optional<EndpointConfigStore.StoredConfig> copy = configs.describe(copyName);
        if (copy.isPresent()) {
            SourceConfig existing = copy.get().facts();
            Optional<String> conflict = RemediationPlanner.copyConflict(copyName, existing.kmsKeyId(),
                    configs.tags(existing.arn()), keyArn, originalName);
            if (conflict.isPresent()) {
                return RemediationReport.refused(originalName, copyName, keyArn, request.dryRun(), conflict.get());
            }
        } else if (original.isEmpty()) {
            return RemediationReport.refused(originalName, copyName, keyArn, request.dryRun(), "Endpoint config "
                    + requestedName + " was not found, and neither was its encrypted copy " + copyName + ".");
        }

        List<EndpointState> before = endpoints.all();
        RemediationPlan plan = RemediationPlanner.plan(originalName, copyName, copy.isPresent(), before);
        Run run = new Run(request, originalName, copyName, keyArn, original.orElse(null), copyTags);
        return request.dryRun() ? run.dryRun(plan) : run.apply(plan, before, waitDeadline);
    }

    /**
     * Only an alias needs KMS to say which key it names; a key ARN or id shows it. DescribeKey is never asked about
     * alias/aws/... references: it would create that AWS-managed key.
     */
    private boolean alreadyUses(SourceConfig source, String keyArn) {
        String reference = source.kmsKeyId();
        if (reference == null || KeyReferences.isAwsManagedAlias(reference)) {
            return false;
        }
        KeyResolution current = KeyReferences.isAlias(reference) ? keys.describe(reference) : null;
        return RemediationPlanner.alreadyUses(source, current, keyArn);
    }

    /** One run's facts and the steps it records. */
    private final class Run {
        private final RemediationRequest request;
        private final String originalName;
        private final String copyName;
        private final String keyArn;
        private final EndpointConfigStore.StoredConfig original;
        private final Map<String, String> copyTags;
        private final List<RemediationStep> steps = new ArrayList<>();

        Run(RemediationRequest request, String originalName, String copyName, String keyArn,
            EndpointConfigStore.StoredConfig original, Map<String, String> copyTags) {
            this.request = request;
            this.originalName = originalName;
            this.copyName = copyName;
            this.keyArn = keyArn;
            this.original = original;
            this.copyTags = copyTags;
        }

        RemediationReport dryRun(RemediationPlan plan) {
            steps.add(plan.createCopy() ? new RemediationStep(RemediationStep.CREATE_COPY, copyName, Status.PLANNED,
                    copyDetail()) : copyExists());
            for (EndpointState endpoint : plan.toMove()) {
                steps.add(new RemediationStep(RemediationStep.UPDATE_ENDPOINT, endpoint.name(), Status.PLANNED,
                        moveDetail()));
            }
            steps.addAll(plan.settled());
            if (original != null) {
                List<String> stillUsing = plan.settled().stream().filter(s -> s.status() == Status.SKIPPED)
                        .map(RemediationStep::target).toList();
                steps.add(request.deleteOriginal() && stillUsing.isEmpty()
                        ? new RemediationStep(RemediationStep.DELETE_ORIGINAL, originalName, Status.PLANNED,
                                "Deleted once no endpoint runs on it or is being deployed with it.")
                        : keepOrDefer(stillUsing));
            }
            long moves = plan.toMove().size();
            return report(Outcome.PLANNED, "Dry run, nothing changed: " + (plan.createCopy() ? "would create "
                    + copyName + " with KmsKeyId " + keyArn : copyName + " exists") + " and move " + moves
                    + " endpoint(s) to it.");
        }

        RemediationReport apply(RemediationPlan plan, List<EndpointState> before, Instant waitDeadline) {
            if (plan.createCopy()) {
                configs.createEncryptedCopy(original, copyName, keyArn, copyTags);
                record(new RemediationStep(RemediationStep.CREATE_COPY, copyName, Status.DONE, copyDetail()));
            } else {
                steps.add(copyExists());
            }
            Set<String> updating = new LinkedHashSet<>();
            for (EndpointState endpoint : plan.toMove()) {
                try {
                    endpoints.moveTo(endpoint, copyName);
                    updating.add(endpoint.name());
                    record(new RemediationStep(RemediationStep.UPDATE_ENDPOINT, endpoint.name(), Status.DONE,
                            moveDetail()));
                } catch (AwsCallException e) {
                    record(new RemediationStep(RemediationStep.UPDATE_ENDPOINT, endpoint.name(), Status.FAILED,
                            e.getMessage()));
                }
            }
            steps.addAll(plan.settled());
            plan.settled().stream().filter(s -> s.status() == Status.IN_PROGRESS).map(RemediationStep::target)
                    .forEach(updating::add);
            boolean endpointsChanging = !updating.isEmpty();
            if (request.waitForInService() && endpointsChanging) {
                waitUntilOnCopy(updating, waitDeadline);
            }
            if (original != null && request.deleteOriginal()) {
                deleteOriginalIfUnused(endpointsChanging ? endpoints.all() : before);
            } else if (original != null) {
                steps.add(keepOrDefer(List.of()));
            }
            return report(outcome(updating), null);
        }

        /**
         * Polls the endpoints until each runs InService on the copy or settles elsewhere, or the deadline comes. The
         * first poll comes one interval after the updates, once SageMaker shows them.
         */
        private void waitUntilOnCopy(Set<String> updating, Instant deadline) {
            Instant start = pacing.clock().instant();
            while (!updating.isEmpty()) {
                if (pacing.clock().instant().plus(pacing.pollInterval()).isAfter(deadline)) {
                    for (String name : updating) {
                        steps.add(new RemediationStep(RemediationStep.WAIT, name, Status.IN_PROGRESS, "Still updating"
                                + " to " + copyName + " after waiting " + seconds(start) + " s; run again to confirm."));
                    }
                    return;
                }
                pause();
                for (String name : List.copyOf(updating)) {
                    settledOnCopy(name, start).ifPresent(step -> {
                        updating.remove(name);
                        record(step);
                    });
                }
            }
        }

        /** What became of an endpoint being moved, or empty while it is still changing. */
        private Optional<RemediationStep> settledOnCopy(String name, Instant start) {
            Optional<EndpointState> described = endpoints.describe(name);
            if (described.isEmpty()) {
                return Optional.of(new RemediationStep(RemediationStep.WAIT, name, Status.FAILED,
                        "The endpoint disappeared while it was updating."));
            }
            EndpointState endpoint = described.get();
            if (endpoint.inService() && copyName.equalsIgnoreCase(endpoint.configName())) {
                return Optional.of(new RemediationStep(RemediationStep.WAIT, name, Status.DONE,
                        "InService on " + copyName + " after " + seconds(start) + " s."));
            }
            if (TRANSITIONAL.contains(endpoint.status())) {
                return Optional.empty();
            }
            return Optional.of(new RemediationStep(RemediationStep.WAIT, name, Status.FAILED, "The update did not"
                    + " take: the endpoint is " + endpoint.status() + " on " + endpoint.configName()
                    + (endpoint.failureReason() == null ? "" : " (" + endpoint.failureReason() + ")") + "."));
        }

        /** Deletes the original only when, read again after the updates, no endpoint runs on it or deploys it. */
        private void deleteOriginalIfUnused(List<EndpointState> now) {
            List<String> stillUsing = RemediationPlanner.deletionBlockers(originalName, now);
            if (!stillUsing.isEmpty()) {
                steps.add(keepOrDefer(stillUsing));
                return;
            }
            try {
                configs.delete(originalName);
                record(new RemediationStep(RemediationStep.DELETE_ORIGINAL, originalName, Status.DONE,
                        "No endpoint runs on it any more."));
            } catch (AwsCallException e) {
                record(new RemediationStep(RemediationStep.DELETE_ORIGINAL, originalName, Status.FAILED,
                        e.getMessage()));
            }
        }

        private RemediationStep keepOrDefer(List<String> stillUsing) {
            if (!request.deleteOriginal()) {
                return new RemediationStep(RemediationStep.DELETE_ORIGINAL, originalName, Status.KEPT, "Kept"
                        + " (DeleteOriginal is false): it stays NON_COMPLIANT until deleted, and is what a rollback"
                        + " returns to.");
            }
            return new RemediationStep(RemediationStep.DELETE_ORIGINAL, originalName, Status.DEFERRED, "Still used by "
                    + String.join(", ", stillUsing) + "; a later run deletes it once no endpoint uses it.");
        }

        private Outcome outcome(Set<String> stillUpdating) {
            boolean endpointsLeft = steps.stream()
                    .anyMatch(s -> s.status() == Status.FAILED || s.status() == Status.SKIPPED);
            if (endpointsLeft) {
                return Outcome.INCOMPLETE;
            }
            boolean deferred = steps.stream().anyMatch(s -> s.status() == Status.DEFERRED);
            return stillUpdating.isEmpty() && !deferred ? Outcome.REMEDIATED : Outcome.IN_PROGRESS;
        }

        private RemediationReport report(Outcome outcome, String lead) {
            Map<Status, Long> tally = steps.stream()
                    .collect(Collectors.groupingBy(RemediationStep::status, LinkedHashMap::new, Collectors.counting()));
            String counts = tally.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .collect(Collectors.joining(", "));
            String summary = (lead != null ? lead : switch (outcome) {
                case REMEDIATED -> "Every endpoint that used " + originalName + " runs on " + copyName
                        + " (KmsKeyId " + keyArn + ").";
                case IN_PROGRESS -> "Endpoints are moving to " + copyName + " (KmsKeyId " + keyArn + "); run again"
                        + " to confirm they are InService" + (request.deleteOriginal() ? " and delete " + originalName
                        : "") + ".";
                default -> "Endpoints that use " + originalName + " are left on it; see the skipped and failed"
                        + " steps.";
            }) + (counts.isEmpty() ? "" : " Steps: " + counts + ".");
            return new RemediationReport(originalName, copyName, keyArn, request.dryRun(), outcome, summary, steps);
        }

        private void record(RemediationStep step) {
            steps.add(step);
            JsonLog.info("remediation step", Map.of("endpointConfig", originalName, "action", step.action(),
                    "target", step.target(), "status", step.status().name(), "detail", step.detail()));
        }

        private RemediationStep copyExists() {
            return new RemediationStep(RemediationStep.CREATE_COPY, copyName, Status.ALREADY_DONE,
                    "Exists with KmsKeyId " + keyArn + " and " + RemediationPlanner.LINK_TAG + " linking it to "
                            + originalName + ".");
        }

        private String copyDetail() {
            String role = original.facts().executionRoleArn();
            return "Copy of " + originalName + " with KmsKeyId " + keyArn + " and every other setting unchanged; "
                    + (copyTags.size() - 1) + " tag(s) copied plus " + RemediationPlanner.LINK_TAG + "."
                    + (role == null ? "" : " Passes ExecutionRoleArn " + role + " to SageMaker again (iam:PassRole).");
        }

        private String moveDetail() {
            return "From " + originalName + " to " + copyName + ": SageMaker starts a new fleet on the copy, shifts"
                    + " traffic once it is healthy, then retires the old one; instance counts and weights are kept.";
        }

        private long seconds(Instant start) {
            return Duration.between(start, pacing.clock().instant()).toSeconds();
        }

        private void pause() {
            try {
                pacing.sleeper().sleep(pacing.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for endpoints to update", e);
            }
        }
    }
}
