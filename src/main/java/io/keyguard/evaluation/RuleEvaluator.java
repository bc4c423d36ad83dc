package io.keyguard.evaluation;

import io.keyguard.config.ConfigRuleInvocation;
import io.keyguard.log.BoundedText;
import io.keyguard.config.Evaluation;
import io.keyguard.config.InvalidEventException;
import io.keyguard.config.InvokingEvent;
import io.keyguard.rule.EndpointConfigDecision;
import io.keyguard.rule.EndpointConfigFacts;
import io.keyguard.rule.KeyResolution;
import io.keyguard.rule.RuleParameters;
import io.keyguard.rule.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.IntFunction;

/**
 * Owns the AWS Config contract around the pure decision: which resources an invocation covers, when a
 * resource is NOT_APPLICABLE without a decision, and which evaluations a periodic run must clean up.
 */
public final class RuleEvaluator {

    public static final String RESOURCE_TYPE = "AWS::SageMaker::EndpointConfig";

    private final EndpointConfigSource endpointConfigs;
    private final KeyDirectory keys;
    private final EvaluationHistory history;
    private final int describeConcurrency;
    private final IntFunction<ExecutorService> pools;

    public RuleEvaluator(EndpointConfigSource endpointConfigs, KeyDirectory keys, EvaluationHistory history) {
        this(endpointConfigs, keys, history, ConcurrentDescriber.DEFAULT_CONCURRENCY);
    }

    /** @param describeConcurrency how many configs a periodic run describes at once */
    public RuleEvaluator(EndpointConfigSource endpointConfigs, KeyDirectory keys, EvaluationHistory history,
                         int describeConcurrency) {
        this(endpointConfigs, keys, history, describeConcurrency, ConcurrentDescriber::threadPool);
    }

    /** @param pools the pool each periodic run describes on, for its concurrency (tests step one by hand) */
    RuleEvaluator(EndpointConfigSource endpointConfigs, KeyDirectory keys, EvaluationHistory history,
                  int describeConcurrency, IntFunction<ExecutorService> pools) {
        this.endpointConfigs = endpointConfigs;
        this.keys = keys;
        this.history = history;
        this.describeConcurrency = describeConcurrency;
        this.pools = pools;
    }

    public EvaluationRun evaluate(ConfigRuleInvocation invocation) {
        return evaluate(invocation, TimeBudget.unlimited());
    }

    /**
     * @param budget a periodic run stops starting AWS calls when it runs out and defers the configs it did not
     *               reach; a change evaluation (one config) is bounded by the client timeouts alone
     */
    public EvaluationRun evaluate(ConfigRuleInvocation invocation, TimeBudget budget) {
        boolean rotation = invocation.parameters().requireKeyRotation();
        if (invocation.invokingEvent() instanceof InvokingEvent.ResourceChange change) {
            return evaluateChange(change, invocation, new KeyCache(keys, rotation, TimeBudget.unlimited()));
        }
        return evaluatePeriodic((InvokingEvent.Scheduled) invocation.invokingEvent(), invocation,
                new KeyCache(keys, rotation, budget), budget);
    }

    private EvaluationRun evaluateChange(InvokingEvent.ResourceChange change, ConfigRuleInvocation invocation,
                                         KeyCache keyCache) {
        Instant ordering = change.captureTime();
        if (!RESOURCE_TYPE.equals(change.resourceType())) {
            return single(Evaluation.of(change.resourceType(), change.resourceId(), Verdict.notApplicable(
                    "This rule evaluates only " + RESOURCE_TYPE + "; " + change.resourceType()
                            + " is out of scope."), ordering));
        }
        if (invocation.eventLeftScope()) {
            return single(Evaluation.of(RESOURCE_TYPE, change.resourceId(),
                    Verdict.notApplicable("The endpoint config left the rule's scope."), ordering));
        }
        if (change.resourceGoneOrUnrecorded()) {
            return single(Evaluation.of(RESOURCE_TYPE, change.resourceId(), Verdict.notApplicable(
                    "Configuration item status is " + change.status() + ": nothing to evaluate."), ordering));
        }
        String name = EndpointConfigIds.nameOf(change.resourceId(), change.resourceName());
        if (!EndpointConfigIds.isValidName(name)) {
            throw new InvalidEventException("The configuration item names endpoint config '"
                    + BoundedText.abbreviate(name) + "' (from resourceName or resourceId), which is not a SageMaker"
                    + " endpoint config name (1-63 letters, digits and hyphens, starting with a letter or digit).");
        }
        try {
            Verdict verdict = decide(endpointConfigs.describe(name), invocation.parameters(), keyCache,
                    TimeBudget.unlimited());
            return single(Evaluation.of(RESOURCE_TYPE, change.resourceId(), verdict, ordering));
        } catch (AwsCallException e) {
            return new EvaluationRun(List.of(), List.of(failure(change.resourceId(), e)));
        }
    }

    /**
     * Reads the rule's earlier results, lists every config, evaluates them least recently evaluated first while
     * the budget lasts, {@code describeConcurrency} at a time, and retires the results of configs that no longer
     * exist.
     */
    private EvaluationRun evaluatePeriodic(InvokingEvent.Scheduled scheduled, ConfigRuleInvocation invocation,
                                           KeyCache keyCache, TimeBudget budget) {
        Instant ordering = scheduled.notificationCreationTime();
        List<Evaluation> evaluations = new ArrayList<>();
        List<ResourceFailure> failures = new ArrayList<>();
        List<String> deferred = new ArrayList<>();

        List<EvaluatedResource> earlier = new ArrayList<>();
        boolean readHistory = true;
        try {
            history.forEachResult(invocation.configRuleName(), earlier::add);
        } catch (AwsCallException e) {
            readHistory = false;
            failures.add(failure(e.resource(), e));
        }
        List<EndpointConfigRef> listed = new ArrayList<>();
        boolean listedEverything = true;
        try {
            endpointConfigs.forEachEndpointConfig(listed::add);
        } catch (AwsCallException e) {
            listedEverything = false;
            failures.add(failure(e.resource(), e));
        }

        List<EndpointConfigRef> ordered = EvaluationOrder.leastRecentlyEvaluatedFirst(listed,
                EvaluationOrder.lastEvaluated(earlier));
        Set<String> notReached = new HashSet<>();
        try (ConcurrentDescriber<Outcome> describer = new ConcurrentDescriber<>(describeConcurrency,
                pools.apply(describeConcurrency), endpointConfigs::throttledAttempts,
                outcome -> outcome.record(evaluations, failures, notReached))) {
            for (EndpointConfigRef ref : ordered) {
                if (!budget.allowsAnotherCall()) {
                    notReached.add(ref.arn());
                    continue;
                }
                describer.submit(() -> describeAndDecide(ref, invocation.parameters(), keyCache, budget, ordering));
            }
            describer.finish();
        }
        // In evaluation order, so the next run's log and this one's agree on which come first.
        ordered.stream().map(EndpointConfigRef::arn).filter(notReached::contains).forEach(deferred::add);

        if (!listed.isEmpty() && deferred.size() == listed.size()) {
            failures.add(new ResourceFailure("the account's endpoint configs", "sagemaker:DescribeEndpointConfig",
                    "not started: the invocation's time budget was used up before the first config (raise the"
                            + " function's Timeout); " + deferred.size() + " config(s) deferred"));
        }
        // Without the full listing a live config could look deleted, so clean-up waits for a complete run.
        if (listedEverything && readHistory) {
            Set<String> existing = new HashSet<>();
            listed.forEach(ref -> {
                existing.add(EndpointConfigIds.key(ref.arn()));
                existing.add(EndpointConfigIds.key(ref.name()));
            });
            for (EvaluatedResource result : earlier) {
                if (RESOURCE_TYPE.equals(result.resourceType()) && result.isLiveVerdict()
                        && existing.add(EndpointConfigIds.key(result.resourceId()))) {
                    evaluations.add(Evaluation.of(RESOURCE_TYPE, result.resourceId(), Verdict.notApplicable(
                            "The endpoint config no longer exists; its earlier result is retired."), ordering));
                }
            }
        }
        // A stable order, so the same event delivered twice puts the same batches whatever order was evaluated in
        // (and whichever describer thread finished first).
        evaluations.sort(Comparator.comparing(Evaluation::resourceId));
        failures.sort(Comparator.comparing(ResourceFailure::resourceId));
        return new EvaluationRun(evaluations, failures, deferred);
    }

    /**
     * Runs on a describer thread: one listed config described and decided, the call that failed, or, when the
     * budget ran out before or during it, nothing (the config is deferred).
     */
    private Outcome describeAndDecide(EndpointConfigRef ref, RuleParameters parameters, KeyCache keyCache,
                                      TimeBudget budget, Instant ordering) {
        try {
            budget.beforeCall();
            Verdict verdict = decide(endpointConfigs.describe(ref.name()), parameters, keyCache, budget);
            return new Outcome(Evaluation.of(RESOURCE_TYPE, ref.arn(), verdict, ordering), null, null);
        } catch (AwsCallException e) {
            return new Outcome(null, failure(ref.arn(), e), null);
        } catch (TimeBudget.OutOfTime e) {
            return new Outcome(null, null, ref.arn());
        }
    }

    /** Exactly one of: an evaluation, why there is none, or the config the budget did not reach. */
    private record Outcome(Evaluation evaluation, ResourceFailure failure, String deferredArn) {
        void record(List<Evaluation> evaluations, List<ResourceFailure> failures, Set<String> deferred) {
            if (evaluation != null) {
                evaluations.add(evaluation);
            } else if (failure != null) {
                failures.add(failure);
            } else {
                deferred.add(deferredArn);
            }
        }
    }

    /** Gathers what the decision needs (tags only for an exemption tag, keys only as asked) and decides. */
    private Verdict decide(Optional<EndpointConfigFacts> described, RuleParameters parameters, KeyCache keyCache,
                           TimeBudget budget) {
        if (described.isEmpty()) {
            return Verdict.notApplicable("The endpoint config no longer exists (deleted before it could be"
                    + " described).");
        }
        EndpointConfigFacts facts = described.get();
        if (parameters.exemptionTagKey() != null && facts.arn() != null) {
            budget.beforeCall();
            facts = facts.withTags(endpointConfigs.tags(facts.arn()));
        }
        Map<String, KeyResolution> resolved = new HashMap<>();
        for (String reference : EndpointConfigDecision.keysToResolve(facts, parameters)) {
            resolved.put(reference, keyCache.resolve(reference));
        }
        return EndpointConfigDecision.decide(facts, parameters, resolved);
    }

    /** Names the key or tag call's own resource too when it is not the config itself. */
    private static ResourceFailure failure(String resourceId, AwsCallException e) {
        boolean sameResource = EndpointConfigIds.key(resourceId).equals(EndpointConfigIds.key(e.resource()));
        String reason = sameResource ? e.reason() : "for " + e.resource() + ": " + e.reason();
        return new ResourceFailure(resourceId, e.operation(), reason);
    }

    private static EvaluationRun single(Evaluation evaluation) {
        return new EvaluationRun(List.of(evaluation), List.of());
    }
}
